using Nnfs.Playground.Data;
using Nnfs.Playground.Network;
using Nnfs.Playground.Training;

namespace Nnfs.Playground.Presets;

/// <summary>
/// The book's runs of chapters 10, 11, 14, 15, 16, 17 and 18 as presets.
/// </summary>
/// <remarks>
/// Settings follow the book's final code of each chapter (the scripts under <c>book/</c>, e.g. <c>book/10e-adam.cs</c>,
/// and <c>tests/Nnfs.Tests/Golden/book/book_numpy.py</c>). The printed lines are copied from our NumPy golden outputs,
/// <c>tests/Nnfs.Tests/Golden/book/chapter*.txt</c>, which are the book's code run by NumPy (the book's numbers); those
/// files stop at epoch 1,000 (chapter 18: 100 or 200), so that is the last epoch with a printed number to compare,
/// while a preset trains the book's full length. The validation data is drawn when the book draws it, and measured
/// after the golden output's last epoch.
/// </remarks>
public static class BookPresets
{
    private const int LoopEpochs = 10001;
    private const int ModelEpochs = 10000;

    private static readonly OptimizerChoice Adam = new(OptimizerKind.Adam);

    private static LayerChoice RegularizedL2(int neurons) => new(neurons, WeightL2: 5e-4f, BiasL2: 5e-4f);

    /// <summary>Chapter 10's final run: the spiral (100 points × 3 classes), 2→64→3, Adam (0.05, decay 5e-7).</summary>
    public static Preset Chapter10 { get; } = new("chapter10", "Chapter 10: Adam", "The spiral, 2→64→3, Adam with learning rate 0.05 and decay 5e-7.",
        PlaygroundSettings.Default, LoopEpochs, BookLineStyle.Plain,
        [
            // tests/Nnfs.Tests/Golden/book/chapter10.txt, section "11/11 adam-0.05-decay-5e-7"
            "epoch: 0, acc: 0.360, loss: 1.099, lr: 0.05",
            "epoch: 100, acc: 0.713, loss: 0.685, lr: 0.04999752512250644",
            "epoch: 200, acc: 0.797, loss: 0.519, lr: 0.04999502549496326",
            "epoch: 300, acc: 0.843, loss: 0.428, lr: 0.049992526117345455",
            "epoch: 400, acc: 0.840, loss: 0.381, lr: 0.04999002698961558",
            "epoch: 500, acc: 0.887, loss: 0.327, lr: 0.049987528111736124",
            "epoch: 600, acc: 0.873, loss: 0.295, lr: 0.049985029483669646",
            "epoch: 700, acc: 0.900, loss: 0.260, lr: 0.049982531105378675",
            "epoch: 800, acc: 0.920, loss: 0.239, lr: 0.04998003297682575",
            "epoch: 900, acc: 0.690, loss: 0.753, lr: 0.049977535097973466",
            "epoch: 1000, acc: 0.920, loss: 0.211, lr: 0.049975037468784345",
        ]);

    /// <summary>Chapter 11: chapter 10's run, then a new spiral as test data.</summary>
    public static Preset Chapter11 { get; } = new("chapter11", "Chapter 11: out-of-sample", "Chapter 10's run, then tested on a new spiral drawn after training.",
        PlaygroundSettings.Default with { Validation = ValidationDraw.AfterTraining, ValidateAfter = 1001 }, LoopEpochs, BookLineStyle.Plain,
        [
            // tests/Nnfs.Tests/Golden/book/chapter11.txt
            "epoch: 0, acc: 0.360, loss: 1.099, lr: 0.05",
            "epoch: 100, acc: 0.713, loss: 0.685, lr: 0.04999752512250644",
            "epoch: 200, acc: 0.797, loss: 0.519, lr: 0.04999502549496326",
            "epoch: 300, acc: 0.843, loss: 0.428, lr: 0.049992526117345455",
            "epoch: 400, acc: 0.840, loss: 0.381, lr: 0.04999002698961558",
            "epoch: 500, acc: 0.887, loss: 0.327, lr: 0.049987528111736124",
            "epoch: 600, acc: 0.873, loss: 0.295, lr: 0.049985029483669646",
            "epoch: 700, acc: 0.900, loss: 0.260, lr: 0.049982531105378675",
            "epoch: 800, acc: 0.920, loss: 0.239, lr: 0.04998003297682575",
            "epoch: 900, acc: 0.690, loss: 0.753, lr: 0.049977535097973466",
            "epoch: 1000, acc: 0.920, loss: 0.211, lr: 0.049975037468784345",
            "validation, acc: 0.820, loss: 0.433",
        ]);

    /// <summary>Chapter 14: L2 penalties (5e-4) on the first layer, Adam (0.02, decay 5e-7).</summary>
    public static Preset Chapter14 { get; } = new("chapter14", "Chapter 14: L2", "The spiral with L2 penalties 5e-4 on the hidden layer, Adam 0.02.",
        new PlaygroundSettings(new DataSetChoice(), new NetworkChoice([RegularizedL2(64)]), Adam with { LearningRate = 0.02, Decay = 5e-7 },
            Validation: ValidationDraw.AfterTraining, ValidateAfter: 1001),
        LoopEpochs, BookLineStyle.Regularized,
        [
            // tests/Nnfs.Tests/Golden/book/chapter14.txt
            "epoch: 0, acc: 0.360, loss: 1.099 (data_loss: 1.099, reg_loss: 0.000), lr: 0.02",
            "epoch: 100, acc: 0.690, loss: 0.833 (data_loss: 0.792, reg_loss: 0.041), lr: 0.019999010049002574",
            "epoch: 200, acc: 0.767, loss: 0.684 (data_loss: 0.607, reg_loss: 0.077), lr: 0.019998010197985302",
            "epoch: 300, acc: 0.823, loss: 0.609 (data_loss: 0.516, reg_loss: 0.092), lr: 0.019997010446938183",
            "epoch: 400, acc: 0.830, loss: 0.557 (data_loss: 0.456, reg_loss: 0.101), lr: 0.01999601079584623",
            "epoch: 500, acc: 0.847, loss: 0.523 (data_loss: 0.418, reg_loss: 0.105), lr: 0.01999501124469445",
            "epoch: 600, acc: 0.863, loss: 0.496 (data_loss: 0.389, reg_loss: 0.107), lr: 0.01999401179346786",
            "epoch: 700, acc: 0.867, loss: 0.474 (data_loss: 0.367, reg_loss: 0.107), lr: 0.01999301244215147",
            "epoch: 800, acc: 0.873, loss: 0.455 (data_loss: 0.348, reg_loss: 0.107), lr: 0.0199920131907303",
            "epoch: 900, acc: 0.867, loss: 0.441 (data_loss: 0.335, reg_loss: 0.107), lr: 0.019991014039189386",
            "epoch: 1000, acc: 0.877, loss: 0.427 (data_loss: 0.322, reg_loss: 0.105), lr: 0.019990014987513734",
            "validation, acc: 0.803, loss: 0.480",
        ]);

    /// <summary>Chapter 15: dropout 0.1 after the hidden layer, 1,000 points per class, Adam (0.05, decay 5e-5).</summary>
    public static Preset Chapter15 { get; } = new("chapter15", "Chapter 15: dropout", "1,000 points per class, dropout 0.1, L2 5e-4, Adam 0.05 with decay 5e-5.",
        new PlaygroundSettings(new DataSetChoice(Samples: 1000), new NetworkChoice([RegularizedL2(64) with { Dropout = 0.1f }]),
            Adam with { Decay = 5e-5 }, Validation: ValidationDraw.AfterTraining, ValidateAfter: 1001),
        LoopEpochs, BookLineStyle.Regularized,
        [
            // tests/Nnfs.Tests/Golden/book/chapter15.txt
            "epoch: 0, acc: 0.324, loss: 1.099 (data_loss: 1.099, reg_loss: 0.000), lr: 0.05",
            "epoch: 100, acc: 0.572, loss: 0.920 (data_loss: 0.897, reg_loss: 0.023), lr: 0.04975371909050202",
            "epoch: 200, acc: 0.592, loss: 0.874 (data_loss: 0.843, reg_loss: 0.031), lr: 0.049507401356502806",
            "epoch: 300, acc: 0.628, loss: 0.842 (data_loss: 0.811, reg_loss: 0.031), lr: 0.0492635105177595",
            "epoch: 400, acc: 0.637, loss: 0.826 (data_loss: 0.797, reg_loss: 0.029), lr: 0.04902201088288642",
            "epoch: 500, acc: 0.639, loss: 0.815 (data_loss: 0.787, reg_loss: 0.028), lr: 0.048782867456949125",
            "epoch: 600, acc: 0.652, loss: 0.800 (data_loss: 0.771, reg_loss: 0.029), lr: 0.04854604592455945",
            "epoch: 700, acc: 0.651, loss: 0.802 (data_loss: 0.773, reg_loss: 0.029), lr: 0.048311512633460556",
            "epoch: 800, acc: 0.656, loss: 0.795 (data_loss: 0.767, reg_loss: 0.028), lr: 0.04807923457858551",
            "epoch: 900, acc: 0.655, loss: 0.770 (data_loss: 0.742, reg_loss: 0.028), lr: 0.04784917938657352",
            "epoch: 1000, acc: 0.665, loss: 0.781 (data_loss: 0.754, reg_loss: 0.028), lr: 0.04762131530072861",
            "validation, acc: 0.660, loss: 0.754",
        ]);

    /// <summary>Chapter 16: binary logistic regression on a 2-class spiral, one sigmoid output, Adam (0.001, decay 5e-7).</summary>
    public static Preset Chapter16 { get; } = new("chapter16", "Chapter 16: binary", "A 2-class spiral, one sigmoid output with binary cross-entropy, Adam 0.001.",
        new PlaygroundSettings(new DataSetChoice(Classes: 2), new NetworkChoice([RegularizedL2(64)], ActivationKind.Sigmoid),
            Adam with { LearningRate = 0.001 }, Validation: ValidationDraw.AfterTraining, ValidateAfter: 1001),
        LoopEpochs, BookLineStyle.Regularized,
        [
            // tests/Nnfs.Tests/Golden/book/chapter16.txt
            "epoch: 0, acc: 0.500, loss: 0.693 (data_loss: 0.693, reg_loss: 0.000), lr: 0.001",
            "epoch: 100, acc: 0.630, loss: 0.674 (data_loss: 0.673, reg_loss: 0.001), lr: 0.0009999505024501287",
            "epoch: 200, acc: 0.625, loss: 0.669 (data_loss: 0.668, reg_loss: 0.001), lr: 0.0009999005098992651",
            "epoch: 300, acc: 0.650, loss: 0.664 (data_loss: 0.663, reg_loss: 0.002), lr: 0.000999850522346909",
            "epoch: 400, acc: 0.650, loss: 0.659 (data_loss: 0.657, reg_loss: 0.002), lr: 0.0009998005397923115",
            "epoch: 500, acc: 0.675, loss: 0.647 (data_loss: 0.644, reg_loss: 0.004), lr: 0.0009997505622347225",
            "epoch: 600, acc: 0.720, loss: 0.632 (data_loss: 0.625, reg_loss: 0.006), lr: 0.0009997005896733929",
            "epoch: 700, acc: 0.770, loss: 0.613 (data_loss: 0.603, reg_loss: 0.010), lr: 0.0009996506221075735",
            "epoch: 800, acc: 0.775, loss: 0.594 (data_loss: 0.579, reg_loss: 0.015), lr: 0.000999600659536515",
            "epoch: 900, acc: 0.780, loss: 0.574 (data_loss: 0.554, reg_loss: 0.020), lr: 0.0009995507019594694",
            "epoch: 1000, acc: 0.780, loss: 0.558 (data_loss: 0.534, reg_loss: 0.024), lr: 0.000999500749375687",
            "validation, acc: 0.645, loss: 0.609",
        ]);

    /// <summary>Chapter 17: regression on the sine, 1→64→64→1, initial weights 0.1·randn, Adam (0.005, decay 1e-3).</summary>
    public static Preset Chapter17 { get; } = new("chapter17", "Chapter 17: regression", "The sine, 1→64→64→1 with a linear output, weights drawn at 0.1, Adam 0.005.",
        new PlaygroundSettings(new DataSetChoice(DataSetKind.Sine, Samples: 1000), new NetworkChoice([new(), new()], ActivationKind.Linear, InitScale: 0.1f),
            Adam with { LearningRate = 0.005, Decay = 1e-3 }),
        LoopEpochs, BookLineStyle.Regularized,
        [
            // tests/Nnfs.Tests/Golden/book/chapter17.txt
            "epoch: 0, acc: 0.003, loss: 0.496 (data_loss: 0.496, reg_loss: 0.000), lr: 0.005",
            "epoch: 100, acc: 0.017, loss: 0.048 (data_loss: 0.048, reg_loss: 0.000), lr: 0.004549590536851684",
            "epoch: 200, acc: 0.242, loss: 0.001 (data_loss: 0.001, reg_loss: 0.000), lr: 0.004170141784820684",
            "epoch: 300, acc: 0.786, loss: 0.000 (data_loss: 0.000, reg_loss: 0.000), lr: 0.003849114703618168",
            "epoch: 400, acc: 0.885, loss: 0.000 (data_loss: 0.000, reg_loss: 0.000), lr: 0.0035739814152966403",
            "epoch: 500, acc: 0.082, loss: 0.000 (data_loss: 0.000, reg_loss: 0.000), lr: 0.00333555703802535",
            "epoch: 600, acc: 0.914, loss: 0.000 (data_loss: 0.000, reg_loss: 0.000), lr: 0.0031269543464665416",
            "epoch: 700, acc: 0.921, loss: 0.000 (data_loss: 0.000, reg_loss: 0.000), lr: 0.002942907592701589",
            "epoch: 800, acc: 0.086, loss: 0.000 (data_loss: 0.000, reg_loss: 0.000), lr: 0.0027793218454697055",
            "epoch: 900, acc: 0.931, loss: 0.000 (data_loss: 0.000, reg_loss: 0.000), lr: 0.0026329647182727752",
            "epoch: 1000, acc: 0.936, loss: 0.000 (data_loss: 0.000, reg_loss: 0.000), lr: 0.002501250625312656",
        ]);

    /// <summary>Chapter 18's model on the sine: chapter 17's network with the book's usual 0.01·randn weights.</summary>
    public static Preset Chapter18Regression { get; } = new("chapter18a", "Chapter 18: model, regression", "The Model class on the sine, 1→64→64→1, Adam 0.005 with decay 1e-3.",
        Chapter17.Settings with { Network = Chapter17.Settings.Network with { InitScale = 0.01f } },
        ModelEpochs, BookLineStyle.Model,
        [
            // tests/Nnfs.Tests/Golden/book/chapter18a.txt
            "epoch: 100, acc: 0.006, loss: 0.085 (data_loss: 0.085, reg_loss: 0.000), lr: 0.004549590536851684",
            "epoch: 200, acc: 0.032, loss: 0.035 (data_loss: 0.035, reg_loss: 0.000), lr: 0.004170141784820684",
        ]);

    /// <summary>Chapter 18's model on the 2-class spiral, the test set drawn before the network.</summary>
    public static Preset Chapter18Binary { get; } = new("chapter18b", "Chapter 18: model, binary", "The Model class on chapter 16's problem, test data drawn first.",
        Chapter16.Settings with { Validation = ValidationDraw.BeforeNetwork, ValidateAfter = 200 },
        ModelEpochs, BookLineStyle.Model,
        [
            // tests/Nnfs.Tests/Golden/book/chapter18b.txt
            "epoch: 100, acc: 0.625, loss: 0.675 (data_loss: 0.674, reg_loss: 0.001), lr: 0.0009999505024501287",
            "epoch: 200, acc: 0.630, loss: 0.669 (data_loss: 0.668, reg_loss: 0.001), lr: 0.0009999005098992651",
            "validation, acc: 0.580, loss: 0.670",
        ]);

    /// <summary>Chapter 18's model on 1,000 points per class: 2→512→3 with L2 and dropout 0.1, Adam (0.05, decay 5e-5).</summary>
    public static Preset Chapter18Classification { get; } = new("chapter18c", "Chapter 18: model, classification", "1,000 points per class, 2→512→3, L2 5e-4, dropout 0.1, Adam 0.05.",
        new PlaygroundSettings(new DataSetChoice(Samples: 1000), new NetworkChoice([RegularizedL2(512) with { Dropout = 0.1f }]),
            Adam with { Decay = 5e-5 }, Validation: ValidationDraw.BeforeNetwork, ValidateAfter: 100),
        ModelEpochs, BookLineStyle.Model,
        [
            // tests/Nnfs.Tests/Golden/book/chapter18c.txt
            "epoch: 100, acc: 0.718, loss: 0.720 (data_loss: 0.659, reg_loss: 0.061), lr: 0.04975371909050202",
            "validation, acc: 0.750, loss: 0.628",
        ]);

    /// <summary>All presets in the book's order.</summary>
    public static IReadOnlyList<Preset> All { get; } =
        [Chapter10, Chapter11, Chapter14, Chapter15, Chapter16, Chapter17, Chapter18Regression, Chapter18Binary, Chapter18Classification];
}
