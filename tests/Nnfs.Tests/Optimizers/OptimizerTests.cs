using Nnfs.Layers;
using Nnfs.Optimizers;
using Nnfs.Tensors;

namespace Nnfs.Tests.Optimizers;

public class OptimizerTests
{
    [Theory]
    [MemberData(nameof(Names))]
    public void StepIsPreUpdateEveryLayerThenPostUpdate(string name)
    {
        FakeTrainableLayer[] Layers() =>
        [
            new(Matrix.FromArray(new float[,] { { 1f, -2f }, { 0.5f, 3f } }), Matrix.RowVector(0.25f, -1f)),
            new(Matrix.FromArray(new float[,] { { -0.5f }, { 2f } }), Matrix.RowVector(1.5f)),
        ];
        void Gradients(FakeTrainableLayer[] layers)
        {
            foreach (var layer in layers)
                foreach (var p in layer.Parameters)
                    for (int i = 0; i < p.Gradient.Length; i++) p.Gradient.Span[i] = 0.1f * (i + 1) - p.Value.Span[i];
        }
        var stepped = Layers();
        var called = Layers();
        var a = Create(name);
        var b = Create(name);
        for (int step = 0; step < 3; step++)
        {
            Gradients(stepped);
            Gradients(called);
            a.Step(stepped);
            b.PreUpdateParams();
            foreach (var layer in called) b.UpdateParams(layer);
            b.PostUpdateParams();
            Assert.Equal(b.CurrentLearningRate, a.CurrentLearningRate);
        }
        Assert.Equal(3, a.Iterations);
        for (int l = 0; l < 2; l++)
            for (int p = 0; p < 2; p++)
                Assert.Equal(called[l].Parameters[p].Value.Span.ToArray(), stepped[l].Parameters[p].Value.Span.ToArray());
        Assert.NotEqual(Layers()[0].Weight.Value.Span.ToArray(), stepped[0].Weight.Value.Span.ToArray());
    }

    public static TheoryData<string> Names() => ["sgd", "sgd-momentum", "adagrad", "rmsprop", "adam"];

    private static Optimizer Create(string name) => name switch
    {
        "sgd" => new Sgd(0.5, 1e-3),
        "sgd-momentum" => new Sgd(0.5, 1e-3, 0.9),
        "adagrad" => new AdaGrad(0.5, 1e-3),
        "rmsprop" => new RmsProp(0.01, 1e-3),
        _ => new Adam(0.01, 1e-3),
    };

    private static FakeTrainableLayer RandomLayer(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        var w = new Matrix(rows, columns);
        var b = new Matrix(1, columns);
        foreach (var m in new[] { w, b })
            for (int i = 0; i < m.Length; i++) m.Span[i] = (float)(random.NextDouble() - 0.5);
        return new FakeTrainableLayer(w, b);
    }

    private static void RandomGradients(FakeTrainableLayer layer, Random random, float scale)
    {
        foreach (var p in layer.Parameters)
            for (int i = 0; i < p.Gradient.Length; i++) p.Gradient.Span[i] = scale * (float)(random.NextDouble() - 0.5);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void FastPathMatchesPlainLoopOverManySteps(string name)
    {
        // 67×13 = 871 elements: many SIMD blocks and a ragged tail.
        var exact = RandomLayer(67, 13, 7);
        var fast = RandomLayer(67, 13, 7);
        Optimizer oe = Create(name), of = Create(name);
        var ge = new Random(3);
        var gf = new Random(3);
        for (int step = 0; step < 20; step++)
        {
            RandomGradients(exact, ge, step % 3 == 0 ? 10f : 0.01f);
            RandomGradients(fast, gf, step % 3 == 0 ? 10f : 0.01f);
            using (Engine.UsePath(NumericPath.Exact)) { oe.PreUpdateParams(); oe.UpdateParams(exact); oe.PostUpdateParams(); }
            using (Engine.UsePath(NumericPath.Fast)) { of.PreUpdateParams(); of.UpdateParams(fast); of.PostUpdateParams(); }
        }
        for (int k = 0; k < 2; k++)
        {
            var e = exact.Parameters[k];
            var f = fast.Parameters[k];
            for (int i = 0; i < e.Value.Length; i++)
                Assert.True(Math.Abs(e.Value.Span[i] - f.Value.Span[i]) <= 1e-5f * Math.Max(1f, Math.Abs(e.Value.Span[i])),
                    $"{name} {e.Name}[{i}]: exact {e.Value.Span[i]:R}, fast {f.Value.Span[i]:R}");
            Assert.Equal(e.OptimizerState.Keys.Order(), f.OptimizerState.Keys.Order());
        }
    }

    public static TheoryData<string, NumericPath, int> NamesPathsThreads()
    {
        var data = new TheoryData<string, NumericPath, int>();
        foreach (string name in Names())
            foreach (var path in new[] { NumericPath.Exact, NumericPath.Fast })
                foreach (int threads in new[] { 1, 2 })
                    data.Add(name, path, threads);
        return data;
    }

    // The update as one pass over a parameter store (what Model.TrainStep runs) gives the per-parameter update's bits,
    // values and slots, on both paths and thread counts; it is taken from the first step where the optimizer's slots
    // exist (every step for plain SGD), and the gaps between parameters stay zero.
    [Theory]
    [MemberData(nameof(NamesPathsThreads))]
    public void OnePassOverTheStoreEqualsThePerParameterUpdate(string name, NumericPath path, int threads)
    {
        // Ragged lengths, and one parameter of 17,030 values: more than one chunk for the threads.
        FakeTrainableLayer[] Layers() => [RandomLayer(67, 13, 7), RandomLayer(130, 131, 8), RandomLayer(13, 3, 9)];
        var pooled = Layers();
        var separate = Layers();
        var store = ParameterStore.MoveIn(pooled.SelectMany(l => l.Parameters).ToArray());
        Optimizer a = Create(name), b = Create(name);
        bool momentum = name is "sgd-momentum" or "adam", cache = name is "adagrad" or "rmsprop" or "adam";
        var ga = new Random(3);
        var gb = new Random(3);
        using var _ = Engine.UsePath(path);
        int saved = Engine.Threads;
        Engine.Threads = threads;
        try
        {
            for (int step = 0; step < 6; step++)
            {
                foreach (var layer in pooled) RandomGradients(layer, ga, step % 3 == 0 ? 10f : 0.01f);
                foreach (var layer in separate) RandomGradients(layer, gb, step % 3 == 0 ? 10f : 0.01f);
                store.AddSlots();
                Assert.Equal(step > 0 || !(momentum || cache), store.CanUpdateInOnePass(pooled, momentum, cache));
                a.StepInOnePass(store, pooled);
                b.Step(separate);
                Assert.Equal(b.Iterations, a.Iterations);
                for (int l = 0; l < pooled.Length; l++)
                    for (int k = 0; k < 2; k++)
                    {
                        Parameter pa = pooled[l].Parameters[k], pb = separate[l].Parameters[k];
                        AdamTestData.AssertBits(pb.Value.Span.ToArray(), pa.Value.Span, $"{name} step {step} layer {l} {pa.Name}");
                        Assert.Equal(pb.OptimizerState.Keys.Order(), pa.OptimizerState.Keys.Order());
                        foreach (var slot in pb.OptimizerState.Keys)
                            AdamTestData.AssertBits(pb.OptimizerState[slot].Span.ToArray(), pa.OptimizerState[slot].Span, $"{name} step {step} layer {l} {pa.Name} {slot}");
                    }
            }
        }
        finally
        {
            Engine.Threads = saved;
        }
        var inParameters = new bool[store.Values.Length];
        for (int i = 0; i < store.Offsets.Count; i++) inParameters.AsSpan(store.Offsets[i], pooled[i / 2].Parameters[i % 2].Value.Length).Fill(true);
        for (int i = 0; i < inParameters.Length; i++)
            if (!inParameters[i]) Assert.True(store.Values[i] == 0 && store.Momentums![i] == 0 && store.Caches![i] == 0, $"gap {i}");
    }

    [Fact]
    public void DecayScheduleIsInverseTime()
    {
        var sgd = new Sgd(1.0, decay: 1e-3);
        var seen = new List<double>();
        for (int k = 0; k < 201; k++)
        {
            sgd.PreUpdateParams();
            seen.Add(sgd.CurrentLearningRate);
            sgd.PostUpdateParams();
        }
        Assert.Equal(1.0, seen[0]);
        // Chapter 10 as Python prints it: the lr printed at epoch 100 (step 99) and 200 are exact strings from Python.
        Assert.Equal(0.9099181073703367, 1.0 * (1.0 / (1.0 + 1e-3 * 99)));
        Assert.Equal(0.9099181073703367, seen[99]);
        Assert.Equal(201, sgd.Iterations);
    }

    [Fact]
    public void NoDecayKeepsTheLearningRate()
    {
        var adam = new Adam(0.05);
        for (int k = 0; k < 5; k++) { adam.PreUpdateParams(); adam.PostUpdateParams(); }
        Assert.Equal(0.05, adam.CurrentLearningRate);
        Assert.Equal(5, adam.Iterations);
    }

    [Fact]
    public void DefaultsAreTheBooks()
    {
        var sgd = new Sgd();
        Assert.Equal((1.0, 0.0, 0.0), (sgd.LearningRate, sgd.Decay, sgd.Momentum));
        var ada = new AdaGrad();
        Assert.Equal((1.0, 0.0, 1e-7), (ada.LearningRate, ada.Decay, ada.Epsilon));
        var rms = new RmsProp();
        Assert.Equal((0.001, 0.0, 1e-7, 0.9), (rms.LearningRate, rms.Decay, rms.Epsilon, rms.Rho));
        var adam = new Adam();
        Assert.Equal((0.001, 0.0, 1e-7, 0.9, 0.999), (adam.LearningRate, adam.Decay, adam.Epsilon, adam.Beta1, adam.Beta2));
        Assert.Equal(adam.LearningRate, adam.CurrentLearningRate);
        Assert.Equal(0, adam.Iterations);
    }

    [Theory]
    [InlineData("learning rate must be > 0, got -1")]
    public void BadLearningRateIsRefusedWithItsValue(string message)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(-1));
        Assert.Contains(message, e.Message);
        Assert.Equal("learningRate", e.ParamName);
    }

    [Fact]
    public void BadHyperParametersAreRefused()
    {
        Assert.Contains("learning rate must be > 0, got 0", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(0)).Message);
        Assert.Contains("learning rate must be > 0, got NaN", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(double.NaN)).Message);
        Assert.Contains("decay must be >= 0, got -0.1", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(decay: -0.1)).Message);
        Assert.Contains("momentum must be in [0, 1), got 1", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(momentum: 1)).Message);
        Assert.Contains("epsilon must be > 0, got 0", Assert.Throws<ArgumentOutOfRangeException>(() => new AdaGrad(epsilon: 0)).Message);
        Assert.Contains("rho must be in [0, 1), got 1.5", Assert.Throws<ArgumentOutOfRangeException>(() => new RmsProp(rho: 1.5)).Message);
        Assert.Contains("beta1 must be in [0, 1), got -0.5", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(beta1: -0.5)).Message);
        Assert.Contains("beta2 must be in [0, 1), got 1", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(beta2: 1)).Message);
        Assert.Contains("iterations must be >= 0, got -3", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam().Iterations = -3).Message);
    }

    [Theory]
    [InlineData("sgd", new string[0])]
    [InlineData("sgd-momentum", new[] { "momentum" })]
    [InlineData("adagrad", new[] { "cache" })]
    [InlineData("rmsprop", new[] { "cache" })]
    [InlineData("adam", new[] { "cache", "momentum" })]
    public void StateIsCreatedLazilyInNamedSlots(string name, string[] slots)
    {
        var layer = RandomLayer(3, 4, 1);
        var optimizer = Create(name);
        Assert.Empty(layer.Weight.OptimizerState);
        optimizer.PreUpdateParams();
        optimizer.UpdateParams(layer);
        optimizer.PostUpdateParams();
        foreach (var p in layer.Parameters)
        {
            Assert.Equal(slots, p.OptimizerState.Keys.Order().ToArray());
            foreach (var m in p.OptimizerState.Values) Assert.Equal((p.Value.Rows, p.Value.Columns), (m.Rows, m.Columns));
        }
    }

    [Fact]
    public void SavedStateIsUsedAndItsShapeChecked()
    {
        var layer = RandomLayer(2, 2, 1);
        layer.Weight.OptimizerState["momentum"] = Matrix.FromArray(new float[,] { { 1, 1 }, { 1, 1 } });
        var sgd = new Sgd(1.0, momentum: 0.5);
        using (Engine.UsePath(NumericPath.Exact)) sgd.UpdateParams(layer);
        Assert.Equal(0.5f, layer.Weight.OptimizerState["momentum"][0, 0]);

        layer.Bias.OptimizerState["momentum"] = new Matrix(3, 3);
        var e = Assert.Throws<ArgumentException>(() => sgd.UpdateParams(layer));
        Assert.Contains("(1, 2)", e.Message);
        Assert.Contains("(3, 3)", e.Message);
        Assert.Contains("bias", e.Message);
    }

    // The optimizers read the known slots from fields: a slot removed or cleared by name must not be used afterwards.
    [Theory]
    [InlineData("sgd-momentum", false)]
    [InlineData("adagrad", false)]
    [InlineData("rmsprop", true)]
    [InlineData("adam", false)]
    [InlineData("adam", true)]
    public void StateRemovedByNameIsRecreatedWithZeros(string name, bool clear)
    {
        foreach (var path in new[] { NumericPath.Exact, NumericPath.Fast })
        {
            using var _ = Engine.UsePath(path);
            var layer = RandomLayer(3, 4, 1);
            var optimizer = Create(name);
            RandomGradients(layer, new Random(2), 1f);
            optimizer.Step([layer]);
            foreach (var p in layer.Parameters)
            {
                if (clear) p.OptimizerState.Clear();
                else foreach (var slot in p.OptimizerState.Keys.ToList()) Assert.True(p.OptimizerState.Remove(slot));
            }
            var fresh = new FakeTrainableLayer(layer.Weight.Value.Clone(), layer.Bias.Value.Clone());
            var freshOptimizer = Create(name);
            freshOptimizer.Iterations = optimizer.Iterations;
            RandomGradients(layer, new Random(3), 1f);
            RandomGradients(fresh, new Random(3), 1f);
            optimizer.Step([layer]);
            freshOptimizer.Step([fresh]);
            for (int k = 0; k < layer.Parameters.Count; k++)
            {
                Assert.Equal(fresh.Parameters[k].Value.Span.ToArray(), layer.Parameters[k].Value.Span.ToArray());
                foreach (var (slot, m) in fresh.Parameters[k].OptimizerState)
                    Assert.Equal(m.Span.ToArray(), layer.Parameters[k].OptimizerState[slot].Span.ToArray());
            }
        }
    }

    [Fact]
    public void AdamRecreatesMomentumsWhenTheCacheIsMissingAsTheBookDoes()
    {
        var layer = RandomLayer(2, 2, 1);
        layer.Weight.OptimizerState["momentum"] = Matrix.FromArray(new float[,] { { 5, 5 }, { 5, 5 } });
        layer.Weight.Gradient.Clear();
        using (Engine.UsePath(NumericPath.Exact)) new Adam().UpdateParams(layer);
        Assert.All(layer.Weight.OptimizerState["momentum"].Span.ToArray(), v => Assert.Equal(0f, v));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void StepsDoNotAllocateOnceWarm(string name)
    {
        var layer = RandomLayer(64, 64, 2);
        var optimizer = Create(name);
        foreach (var path in new[] { NumericPath.Fast, NumericPath.Exact })
        {
            using var _ = Engine.UsePath(path);
            SteadyState.AssertAllocatesNothing(() =>
            {
                optimizer.PreUpdateParams(); optimizer.UpdateParams(layer); optimizer.PostUpdateParams();
            }, $"{name} on the {path} path");
        }
    }

    [Fact]
    public void GradientOfAnotherShapeIsRefused()
    {
        var layer = new BadLayer();
        var e = Assert.Throws<ArgumentException>(() => new Sgd().UpdateParams(layer));
        Assert.Contains("(2, 3)", e.Message);
    }

    private sealed class BadLayer : ITrainableLayer
    {
        public BadLayer()
        {
            var p = new Parameter("weight", new Matrix(2, 3));
            p.Gradient.Reshape(3, 2);
            Parameters = [p];
        }
        public IReadOnlyList<Parameter> Parameters { get; }
        public Matrix Output => throw new NotSupportedException();
        public Matrix DInputs => throw new NotSupportedException();
        public void Forward(Matrix inputs, bool training) { }
        public void Backward(Matrix dvalues) { }
        public double AddRegularizationLoss(double total) => total;
    }
}
