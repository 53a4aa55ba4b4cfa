using Nnfs.Playground.Data;
using Nnfs.Playground.Network;

namespace Nnfs.Playground.Training;

/// <summary>Everything a training session is made from.</summary>
/// <remarks>Everything random (data, noise, weights, dropout masks, validation data) comes from one generator seeded
/// with <see cref="Seed"/>, in that order, so a session is reproducible; seed 0 with the book's settings is the book's
/// <c>nnfs.init()</c>.</remarks>
/// <param name="Data">The data set.</param>
/// <param name="Network">The network.</param>
/// <param name="Optimizer">The optimizer.</param>
/// <param name="Seed">The generator's seed. Default 0, the book's.</param>
/// <param name="BookArithmetic">Train on the library's exact path (<see cref="NumericPath.Exact"/>, the book's NumPy
/// arithmetic, slower) instead of the fast path. Default false.</param>
/// <param name="Validation">When validation data is drawn. Default none.</param>
/// <param name="ValidationSamples">Points per class of the validation data (the same data set). Default 100, the book's.</param>
/// <param name="ValidateAfter">The epoch (steps done) after which the session evaluates the validation data; 0 = never.
/// Default 0.</param>
public sealed record PlaygroundSettings(DataSetChoice Data, NetworkChoice Network, OptimizerChoice Optimizer, uint Seed = 0,
    bool BookArithmetic = false, ValidationDraw Validation = ValidationDraw.None, int ValidationSamples = 100, int ValidateAfter = 0)
{
    /// <summary>The book's chapter-10 spiral run: 100 points of 3 classes, 2→64→3, Adam (0.05, decay 5e-7), seed 0.</summary>
    public static PlaygroundSettings Default { get; } = new(new DataSetChoice(), NetworkChoice.Book, new OptimizerChoice());

    /// <summary>What is wrong with the settings, one sentence per problem; empty when a session can be made.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Data is null || Network is null || Optimizer is null)
        {
            problems.Add("The data set, the network and the optimizer must all be given.");
            return problems;
        }
        problems.AddRange(Data.Problems());
        problems.AddRange(Network.Problems(Data.ClassCount));
        problems.AddRange(Optimizer.Problems());
        if (!Enum.IsDefined(Validation)) problems.Add($"Unknown validation draw {(int)Validation}.");
        if (Validation != ValidationDraw.None)
            problems.AddRange((Data with { Samples = ValidationSamples }).Problems().Select(p => $"Validation data: {p}"));
        if (ValidateAfter < 0) problems.Add($"The validation epoch must be >= 0, got {ValidateAfter}.");
        return problems;
    }
}
