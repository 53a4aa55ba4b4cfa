using System.Globalization;
using Nnfs.Optimizers;

namespace Nnfs.Playground.Training;

/// <summary>An optimizer and its settings; the settings another optimizer has are ignored.</summary>
/// <remarks>
/// Every optimizer decays its learning rate as <c>lr / (1 + decay · step)</c> (the book's). <see cref="Momentum"/> is
/// SGD's; <see cref="Epsilon"/> AdaGrad's, RMSprop's and Adam's; <see cref="Rho"/> RMSprop's; <see cref="Beta1"/> and
/// <see cref="Beta2"/> Adam's. Limits: learning rate in (0, 10], decay in [0, 1], momentum, rho and the betas in
/// [0, 1), epsilon in (0, 1].
/// </remarks>
/// <param name="Kind">The optimizer. Default Adam.</param>
/// <param name="LearningRate">Initial learning rate. Default 0.05 (the book's chapter-10 Adam run).</param>
/// <param name="Decay">Learning-rate decay. Default 5e-7 (idem).</param>
/// <param name="Momentum">SGD's momentum. Default 0.</param>
/// <param name="Epsilon">Added to the root of the cache. Default 1e-7.</param>
/// <param name="Rho">RMSprop's cache decay. Default 0.9.</param>
/// <param name="Beta1">Adam's momentum decay. Default 0.9.</param>
/// <param name="Beta2">Adam's cache decay. Default 0.999.</param>
public sealed record OptimizerChoice(OptimizerKind Kind = OptimizerKind.Adam, double LearningRate = 0.05, double Decay = 5e-7,
    double Momentum = 0, double Epsilon = 1e-7, double Rho = 0.9, double Beta1 = 0.9, double Beta2 = 0.999)
{
    /// <summary>The library's defaults for <paramref name="kind"/> (learning rate 1 for SGD and AdaGrad, 0.001 for
    /// RMSprop and Adam; no decay).</summary>
    public static OptimizerChoice Defaults(OptimizerKind kind) =>
        new(kind, LearningRate: kind is OptimizerKind.Sgd or OptimizerKind.AdaGrad ? 1.0 : 0.001, Decay: 0);

    /// <summary>What is wrong with the settings, one sentence per problem; empty when the optimizer can be created.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Kind)) problems.Add($"Unknown optimizer {(int)Kind}.");
        Check(problems, "Learning rate", LearningRate, 0, 10, lowOpen: true, highOpen: false);
        Check(problems, "Decay", Decay, 0, 1, lowOpen: false, highOpen: false);
        if (Kind == OptimizerKind.Sgd) Check(problems, "Momentum", Momentum, 0, 1, lowOpen: false, highOpen: true);
        if (Kind != OptimizerKind.Sgd) Check(problems, "Epsilon", Epsilon, 0, 1, lowOpen: true, highOpen: false);
        if (Kind == OptimizerKind.RmsProp) Check(problems, "Rho", Rho, 0, 1, lowOpen: false, highOpen: true);
        if (Kind == OptimizerKind.Adam)
        {
            Check(problems, "Beta 1", Beta1, 0, 1, lowOpen: false, highOpen: true);
            Check(problems, "Beta 2", Beta2, 0, 1, lowOpen: false, highOpen: true);
        }
        return problems;
    }

    /// <summary>A new optimizer with these settings.</summary>
    /// <exception cref="ArgumentException">The settings have a problem (<see cref="Problems"/>); the message gives the first.</exception>
    public Optimizer Create()
    {
        if (Problems() is [var problem, ..]) throw new ArgumentException($"Optimizer: {problem}");
        return Kind switch
        {
            OptimizerKind.Sgd => new Sgd(LearningRate, Decay, Momentum),
            OptimizerKind.AdaGrad => new AdaGrad(LearningRate, Decay, Epsilon),
            OptimizerKind.RmsProp => new RmsProp(LearningRate, Decay, Epsilon, Rho),
            _ => new Adam(LearningRate, Decay, Epsilon, Beta1, Beta2),
        };
    }

    private static void Check(List<string> problems, string name, double value, double low, double high, bool lowOpen, bool highOpen)
    {
        bool aboveLow = lowOpen ? value > low : value >= low;
        bool belowHigh = highOpen ? value < high : value <= high;
        if (aboveLow && belowHigh) return;
        string range = $"{(lowOpen ? "(" : "[")}{low.ToString(CultureInfo.InvariantCulture)}, {high.ToString(CultureInfo.InvariantCulture)}{(highOpen ? ")" : "]")}";
        problems.Add($"{name} must be in {range}, got {value.ToString(CultureInfo.InvariantCulture)}.");
    }
}
