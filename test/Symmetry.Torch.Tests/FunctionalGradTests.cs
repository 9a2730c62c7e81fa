using static Symmetry.Torch.torch;
using static Symmetry.Torch.Tests.TestTensors;
using F = Symmetry.Torch.torch.nn.functional;

namespace Symmetry.Torch.Tests;

/// <summary>Finite-difference gradient checks (float64) of every torch.nn.functional operation of the binding.</summary>
[TestClass]
public sealed class FunctionalGradTests
{
    private sealed record Case(Func<Tensor[], Tensor> F, Func<Generator, Tensor[]> Inputs);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // ---- linear ----
        ["linear_2d_bias"] = new(x => F.linear(x[0], x[1], x[2]), g => [N(g, 4, 3), N(g, 2, 3), N(g, 2)]),
        ["linear_3d_bias"] = new(x => F.linear(x[0], x[1], x[2]), g => [N(g, 2, 3, 3), N(g, 2, 3), N(g, 2)]),
        ["linear_no_bias"] = new(x => F.linear(x[0], x[1]), g => [N(g, 4, 3), N(g, 2, 3)]),
        // ---- activations ----
        ["relu"] = new(x => F.relu(x[0]), g => [AwayFromZero(g, 3, 4)]),
        ["relu_inplace_on_nonleaf"] = new(x => F.relu(x[0] * 1.0, inplace: true), g => [AwayFromZero(g, 3, 4)]),
        ["leaky_relu"] = new(x => F.leaky_relu(x[0], 0.2), g => [AwayFromZero(g, 3, 4)]),
        ["elu"] = new(x => F.elu(x[0], 1.3), g => [AwayFromZero(g, 3, 4)]),
        ["softplus"] = new(x => F.softplus(x[0], beta: 2), g => [N(g, 3, 4)]),
        // Values 0.37k − 1 never sit within eps of the threshold 2.5, so both branches are checked where smooth.
        ["softplus_threshold"] = new(x => F.softplus(x[0], beta: 1, threshold: 2.5), g => [Distinct(g, 3, 4) - 1.0]),
        ["tanh"] = new(x => F.tanh(x[0]), g => [N(g, 3, 4)]),
        ["sigmoid"] = new(x => F.sigmoid(x[0]), g => [N(g, 3, 4)]),
        ["softmax"] = new(x => F.softmax(x[0], 1), g => [N(g, 3, 4)]),
        ["log_softmax"] = new(x => F.log_softmax(x[0], 0), g => [N(g, 3, 4)]),
        // A fresh generator with a fixed seed per call gives the same mask at every evaluation.
        ["dropout_generator"] = new(x => { using var gen = new Generator(7); return F.dropout(x[0], 0.4, generator: gen); }, g => [N(g, 4, 5)]),
        ["dropout_eval"] = new(x => F.dropout(x[0], 0.4, training: false), g => [N(g, 4, 5)]),
        // ---- losses ----
        ["mse_loss_mean"] = new(x => F.mse_loss(x[0], x[1]), g => [N(g, 3, 4), N(g, 3, 4)]),
        ["mse_loss_sum"] = new(x => F.mse_loss(x[0], x[1], nn.Reduction.Sum), g => [N(g, 3, 4), N(g, 3, 4)]),
        ["mse_loss_none"] = new(x => F.mse_loss(x[0], x[1], nn.Reduction.None), g => [N(g, 3, 4), N(g, 3, 4)]),
        ["binary_cross_entropy"] = new(x => F.binary_cross_entropy(x[0], Const([0.1, 0.9, 0.5, 1.0, 0.0, 0.3], 2, 3)),
            g => [Range(g, 0.1, 0.9, 2, 3)]),
        ["binary_cross_entropy_weight_sum"] = new(x => F.binary_cross_entropy(x[0], Const([0.1, 0.9, 0.5, 1.0, 0.0, 0.3], 2, 3), Const([1, 2, 0.5], 3), nn.Reduction.Sum),
            g => [Range(g, 0.1, 0.9, 2, 3)]),
        ["bce_with_logits"] = new(x => F.binary_cross_entropy_with_logits(x[0], Const([0.1, 0.9, 0.5, 1.0, 0.0, 0.3], 2, 3)), g => [N(g, 2, 3)]),
        ["bce_with_logits_weights"] = new(x => F.binary_cross_entropy_with_logits(x[0], Const([0.1, 0.9, 0.5, 1.0, 0.0, 0.3], 2, 3),
            Const([1, 2, 0.5], 3), nn.Reduction.Sum, pos_weights: Const([3, 1, 0.25], 3)), g => [N(g, 2, 3)]),
        ["cross_entropy_indices"] = new(x => F.cross_entropy(x[0], Long([2, 0, 1, 2], 4)), g => [N(g, 4, 3)]),
        ["cross_entropy_weight_smoothing"] = new(x => F.cross_entropy(x[0], Long([2, 0, 1, 2], 4), Const([1, 2, 0.5], 3), label_smoothing: 0.1), g => [N(g, 4, 3)]),
        ["cross_entropy_ignore_index"] = new(x => F.cross_entropy(x[0], Long([2, -100, 1, 2], 4)), g => [N(g, 4, 3)]),
        ["cross_entropy_probabilities"] = new(x => F.cross_entropy(x[0], F.softmax(x[1], 1)), g => [N(g, 4, 3), N(g, 4, 3)]),
        ["cross_entropy_spatial"] = new(x => F.cross_entropy(x[0], Long([0, 1, 2, 1, 0, 2], 1, 2, 3)), g => [N(g, 1, 3, 2, 3)]),
        ["nll_loss"] = new(x => F.nll_loss(F.log_softmax(x[0], 1), Long([2, 0, 1, 2], 4)), g => [N(g, 4, 3)]),
        ["nll_loss_weight_sum"] = new(x => F.nll_loss(x[0], Long([2, 0, 1, 2], 4), Const([1, 2, 0.5], 3), nn.Reduction.Sum), g => [N(g, 4, 3)]),
        // ---- convolution and pooling ----
        ["conv2d"] = new(x => F.conv2d(x[0], x[1], x[2]), g => [N(g, 1, 2, 4, 4), N(g, 3, 2, 3, 3), N(g, 3)]),
        ["conv2d_stride_padding"] = new(x => F.conv2d(x[0], x[1], x[2], strides: [2, 2], padding: [1, 1]), g => [N(g, 1, 2, 5, 5), N(g, 2, 2, 3, 3), N(g, 2)]),
        ["conv2d_dilation_groups"] = new(x => F.conv2d(x[0], x[1], dilation: [2, 2], groups: 2), g => [N(g, 1, 4, 5, 5), N(g, 2, 2, 2, 2)]),
        ["conv_transpose2d"] = new(x => F.conv_transpose2d(x[0], x[1], x[2]), g => [N(g, 1, 2, 3, 3), N(g, 2, 3, 2, 2), N(g, 3)]),
        ["conv_transpose2d_stride_output_padding"] = new(x => F.conv_transpose2d(x[0], x[1], x[2], strides: [2, 2], padding: [1, 1], output_padding: [1, 1]),
            g => [N(g, 1, 2, 3, 3), N(g, 2, 2, 3, 3), N(g, 2)]),
        ["max_pool2d"] = new(x => F.max_pool2d(x[0], [2, 2]), g => [Distinct(g, 1, 2, 4, 4)]),
        ["max_pool2d_overlap_padding_ceil"] = new(x => F.max_pool2d(x[0], [3, 3], stride: [2, 2], padding: [1, 1], ceil_mode: true), g => [Distinct(g, 1, 1, 5, 5)]),
        // ---- normalisation ----
        ["layer_norm_affine"] = new(x => F.layer_norm(x[0], [4], x[1], x[2]), g => [N(g, 3, 4), N(g, 4), N(g, 4)]),
        ["layer_norm_plain_2d"] = new(x => F.layer_norm(x[0], [2, 3], eps: 1e-3), g => [N(g, 2, 2, 3)]),
        // Running stats start fresh at every evaluation, and in training mode the output depends only on the batch.
        ["batch_norm_training"] = new(x =>
        {
            using var rm = zeros([3], ScalarType.Float64);
            using var rv = ones([3], ScalarType.Float64);
            return F.batch_norm(x[0], rm, rv, x[1], x[2], training: true);
        }, g => [N(g, 4, 3), N(g, 3), N(g, 3)]),
        ["batch_norm_training_3d_no_stats"] = new(x => F.batch_norm(x[0], null, null, training: true), g => [N(g, 2, 3, 4)]),
        ["batch_norm_eval"] = new(x => F.batch_norm(x[0], Const([0.1, -0.2, 0.3], 3), Const([0.5, 2, 1], 3), x[1], x[2], training: false),
            g => [N(g, 4, 3), N(g, 3), N(g, 3)]),
        ["cosine_similarity"] = new(x => F.cosine_similarity(x[0], x[1]), g => [N(g, 3, 4), N(g, 3, 4)]),
        ["cosine_similarity_dim0_broadcast"] = new(x => F.cosine_similarity(x[0], x[1], dim: 0), g => [N(g, 4, 3), N(g, 4, 1)]),
        // ---- spatial transformers ----
        ["affine_grid"] = new(x => F.affine_grid(x[0], [1, 1, 3, 4]), g => [N(g, 1, 2, 3)]),
        ["affine_grid_align_corners"] = new(x => F.affine_grid(x[0], [2, 1, 2, 3], align_corners: true), g => [N(g, 2, 2, 3)]),
        ["grid_sample_bilinear_zeros"] = new(x => F.grid_sample(x[0], x[1]), g => [N(g, 1, 2, 4, 5), Range(g, -1.2, 1.2, 1, 3, 3, 2)]),
        ["grid_sample_bilinear_border_align"] = new(x => F.grid_sample(x[0], x[1], padding_mode: GridSamplePaddingMode.Border, align_corners: true),
            g => [N(g, 1, 2, 4, 5), Range(g, -1.4, 1.4, 1, 3, 3, 2)]),
        ["grid_sample_bilinear_reflection"] = new(x => F.grid_sample(x[0], x[1], padding_mode: GridSamplePaddingMode.Reflection),
            g => [N(g, 1, 1, 4, 5), Range(g, -1.4, 1.4, 1, 3, 3, 2)]),
        ["grid_sample_nearest"] = new(x => F.grid_sample(x[0], x[1], GridSampleMode.Nearest), g => [N(g, 1, 2, 4, 5), Range(g, -0.9, 0.9, 1, 3, 3, 2)]),
        ["spatial_transformer"] = new(x => F.grid_sample(x[0], F.affine_grid(x[1], [1, 1, 4, 4])), g => [N(g, 1, 1, 5, 5), Const([0.8, 0.1, 0.05, -0.2, 0.9, 0.1], 1, 2, 3) + N(g, 1, 2, 3) * 0.01]),
        ["pad_constant"] = new(x => F.pad(x[0], [1, 2, 0, 1], value: 0.5), g => [N(g, 1, 2, 3, 4)]),
        ["pad_reflect"] = new(x => F.pad(x[0], [1, 1, 2, 1], PaddingModes.Reflect), g => [N(g, 1, 2, 3, 4)]),
        ["pad_replicate"] = new(x => F.pad(x[0], [2, 1, 1, 0], PaddingModes.Replicate), g => [N(g, 1, 2, 3, 4)]),
        ["pad_circular"] = new(x => F.pad(x[0], [1, 1, 1, 1], PaddingModes.Circular), g => [N(g, 1, 2, 3, 4)]),
        ["pad_scalar_zeros"] = new(x => F.pad(x[0], 1, PaddingModes.Zeros), g => [N(g, 2, 3)]),
    };

    public static IEnumerable<object[]> Names => Cases.Keys.Select(k => new object[] { k });

    [TestMethod]
    [DynamicData(nameof(Names))]
    public void AutogradMatchesFiniteDifferences(string op)
    {
        var c = Cases[op];
        using var scope = NewDisposeScope();
        using var g = new Generator(777);
        GradCheck.Check(c.F, c.Inputs(g));
    }
}
