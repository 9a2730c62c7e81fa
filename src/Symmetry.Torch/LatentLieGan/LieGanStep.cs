using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Symmetry.Torch;

/// <summary>
/// The gradients of one LaLiGAN training step (<see cref="LieGanTraining.Train"/>'s summed recipe): those of MSE recon +
/// w_gan BCE(D(z'), 1) + w_reg reg (+ the joint SINDy terms) for the autoencoder, generator and Ξ, and those of
/// ½[BCE(D(z̄), 1) + BCE(D(z̄'), 0)] (+ w_gan BCE(D(z'), 1) unless <see cref="LatentLieGanTrainingOptions.SeparateUpdates"/>)
/// for the discriminator. The discriminator runs once over the real and moved codes with its backward written by hand
/// (<see cref="DiscriminatorPass"/>); autograd does the rest.
/// </summary>
internal sealed class LieGanStep
{
    private readonly Autoencoder ae;
    private readonly LieGanGenerator gen;
    private readonly LieGanDiscriminator disc;
    private readonly LatentLieGanTrainingOptions options;
    private readonly Generator noise;
    private readonly Tensor? xi;
    private readonly SindyLibrary? jointLibrary;
    private readonly int n;
    private readonly Tensor[] otherParameters;

    /// <summary>
    /// A step over the given models: <paramref name="n"/> values a state, <paramref name="noise"/> draws the group
    /// elements, <paramref name="xi"/> and <paramref name="jointLibrary"/> the joint SINDy model (both null without it).
    /// </summary>
    public LieGanStep(Autoencoder ae, LieGanGenerator gen, LieGanDiscriminator disc, LatentLieGanTrainingOptions options, Generator noise, Tensor? xi, SindyLibrary? jointLibrary, int n)
    {
        this.ae = ae;
        this.gen = gen;
        this.disc = disc;
        this.options = options;
        this.noise = noise;
        this.xi = xi;
        this.jointLibrary = jointLibrary;
        this.n = n;
        otherParameters = [.. ae.parameters(), .. gen.Trainable, .. xi is null ? Array.Empty<Tensor>() : [xi]];
    }

    /// <summary>
    /// Adds the step's gradients for the batch rows × (T·n) (rows × 2·T·n with velocities) to every parameter's .grad and
    /// returns the terms in <see cref="LieGanTraining.TermNames"/> order ("sindy" last when trained jointly), on the device.
    /// </summary>
    public Tensor Gradients(Tensor rowsOfBatch)
    {
        var t = options.TimeSteps;
        var m = options.Latent;
        var b = rowsOfBatch.shape[0];
        var x = rowsOfBatch;
        Tensor? velocities = null;
        if (options.VelocitiesInData)
        {
            // A leaf that requires gradients, so the one forward pass below also yields J_φ for the chain rule.
            x = rowsOfBatch.narrow(1, 0, t * n).detach().requires_grad_(true);
            velocities = rowsOfBatch.narrow(1, t * n, t * n);
        }
        var z = LieGanTraining.EncodeSteps(ae, x, t);
        var recon = ae.Decode(z.reshape(b * t, m)).reshape(b, -1);
        var center = options.KeepCenter ? null : z.reshape(b * t, m).mean([0], keepdim: true).unsqueeze(0);
        var g = gen.GroupElements(gen.SampleCoefficients(b, noise));
        var moved = LieGanGenerator.Apply(z, g, center);
        var movedRows = moved.reshape(b, -1);
        var reconLoss = (recon - x).pow(2).mean();

        // D once over z̄ and z̄' (the recipe's D(z') and D(z̄') have the same values); the sigmoid and the BCE terms on a
        // graph of their own from the logits, whose gradients are the per-row upstream scalars of D's backward.
        var pass = new DiscriminatorPass(disc, z.reshape(b, -1), movedRows);
        var logits = pass.Logits.requires_grad_(true);
        var probabilities = sigmoid(logits);
        var realP = probabilities.narrow(0, 0, b);
        var fakeP = probabilities.narrow(0, b, b);
        var ganLoss = LieGanTraining.Bce(fakeP, 1);
        var dLoss = (LieGanTraining.Bce(realP, 1) + LieGanTraining.Bce(fakeP, 0)) * 0.5;
        // In the summed recipe one backward reaches D through the generator's term too; SeparateUpdates keeps it out.
        var discriminatorLoss = options.SeparateUpdates ? dLoss : dLoss + ganLoss * options.GanWeight;
        var discriminatorUpstream = autograd.grad([discriminatorLoss], [logits], retain_graph: true)[0];
        var movedUpstream = autograd.grad([ganLoss * options.GanWeight], [logits])[0].narrow(0, b, b);
        var intoMoved = pass.Backward(discriminatorUpstream, movedUpstream);

        var reg = LieGanTraining.Regularizer(options.Regularizer, moved, z, gen.Algebra);
        // The generator's term enters the value as a constant; its gradient reaches z' through the linear surrogate below.
        var main = reconLoss * options.ReconstructionWeight + ganLoss.detach() * options.GanWeight + reg * options.RegularizerWeight;
        Tensor? sindyLoss = null;
        if (xi is not null)
        {
            Tensor velocity, theta;
            if (velocities is not null)
            {
                // Differentiating the flat codes w.r.t. the whole row pairs each state's code with its own ẋ block,
                // as the same encoder sees every step; createGraph lets the loss train φ through J_φ.
                var flat = z.reshape(b * t, m);
                velocity = LatentVelocity.JacobianVectorProduct(flat, x, velocities, createGraph: true);
                theta = jointLibrary!.Evaluate(flat);
            }
            else
            {
                var early = z.narrow(1, 0, t - 1);
                var late = z.narrow(1, 1, t - 1);
                velocity = ((late - early) / options.Sindy!.TimeStep).reshape(-1, m);
                theta = jointLibrary!.Evaluate(((late + early) * 0.5).reshape(-1, m));
            }
            sindyLoss = (velocity - theta.matmul(xi)).pow(2).mean();
            main = main + sindyLoss * options.Sindy!.JointWeight + xi.abs().mean() * options.Sindy.L1;
        }
        (main + (movedRows * intoMoved).sum()).backward(null, retain_graph: false, create_graph: false, inputs: otherParameters);
        var total = main.detach() + dLoss.detach();
        var accuracy = (realP.ge(0.5).to(float32).mean() + fakeP.lt(0.5).to(float32).mean()) * 0.5;
        // Left on the device: the loop reads the terms back once per epoch, not after every step.
        Tensor[] terms = [reconLoss.detach(), ganLoss.detach(), reg.detach(), dLoss.detach(), accuracy, total];
        return stack(sindyLoss is null ? terms : [.. terms, sindyLoss.detach()]);
    }
}
