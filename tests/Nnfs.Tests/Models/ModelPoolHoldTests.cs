using Nnfs.Datasets;
using Nnfs.Kernels;
using Nnfs.Models;
using Nnfs.Randomness;
using Nnfs.Tests.Kernels;

namespace Nnfs.Tests.Models;

/// <summary><see cref="Model.TrainStep"/> keeps the kernel pool's workers awake for the step (a hot section).</summary>
[Collection(KernelPoolCollection.Name)]
public class ModelPoolHoldTests
{
    [Fact]
    public void TrainStepHoldsTheKernelPoolAndReleasesItWhenTheStepThrows()
    {
        var (x, y) = SyntheticData.Spiral(20, 3, new RandomState(3));
        var model = ModelTrainStepTests.Classifier(5);
        bool heldInStep = false;
        model.StageObserver = (_, _, _) =>
        {
            heldInStep = KernelThreadPool.Held;
            throw new InvalidOperationException("stage observer");
        };
        Assert.False(KernelThreadPool.Held);
        Assert.Throws<InvalidOperationException>(() => model.TrainStep(x, y));
        Assert.True(heldInStep);
        Assert.False(KernelThreadPool.Held);
    }
}
