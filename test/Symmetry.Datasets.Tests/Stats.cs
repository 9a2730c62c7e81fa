[assembly: Parallelize(Workers = 2, Scope = ExecutionScope.ClassLevel)]

namespace Microsoft.ML.Symmetry.Datasets.Tests;

/// <summary>Small statistics helpers for the distribution tests.</summary>
internal static class Stats
{
    /// <summary>Kolmogorov–Smirnov statistic D_n of a sample against a continuous CDF.</summary>
    public static double KolmogorovSmirnov(IEnumerable<double> sample, Func<double, double> cdf)
    {
        var s = sample.OrderBy(v => v).ToArray();
        int n = s.Length;
        double d = 0;
        for (int i = 0; i < n; i++)
        {
            double f = cdf(s[i]);
            d = Math.Max(d, Math.Max(f - (double)i / n, (double)(i + 1) / n - f));
        }
        return d;
    }

    /// <summary>Asymptotic KS critical value c(α)/√n with c(α) = √(−ln(α/2)/2).</summary>
    public static double KolmogorovSmirnovCritical(int n, double alpha) => Math.Sqrt(-Math.Log(alpha / 2) / 2) / Math.Sqrt(n);

    /// <summary>Pearson χ² of observed counts against expected counts.</summary>
    public static double ChiSquare(IReadOnlyList<double> observed, IReadOnlyList<double> expected)
    {
        double chi2 = 0;
        for (int i = 0; i < observed.Count; i++)
            chi2 += (observed[i] - expected[i]) * (observed[i] - expected[i]) / expected[i];
        return chi2;
    }

    /// <summary>Upper critical value of χ² with k degrees of freedom at level α (Wilson–Hilferty approximation).</summary>
    public static double ChiSquareCritical(int k, double alpha)
    {
        double z = NormalQuantile(1 - alpha);
        double a = 2.0 / (9 * k);
        return k * Math.Pow(1 - a + z * Math.Sqrt(a), 3);
    }

    /// <summary>Standard normal quantile (Acklam's rational approximation, |error| &lt; 1.2e-9).</summary>
    public static double NormalQuantile(double p)
    {
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        if (p < 0.02425)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - 0.02425) return -NormalQuantile(1 - p);
        double r = p - 0.5, t = r * r;
        return (((((a[0] * t + a[1]) * t + a[2]) * t + a[3]) * t + a[4]) * t + a[5]) * r / (((((b[0] * t + b[1]) * t + b[2]) * t + b[3]) * t + b[4]) * t + 1);
    }
}
