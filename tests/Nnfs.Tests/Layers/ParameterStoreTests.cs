using Nnfs.Layers;
using Nnfs.Tensors;

namespace Nnfs.Tests.Layers;

public class ParameterStoreTests
{
    private static Parameter Filled(string name, int rows, int columns, float start)
    {
        var p = new Parameter(name, new Matrix(rows, columns));
        for (int i = 0; i < p.Value.Length; i++)
        {
            p.Value.Span[i] = start + i;
            p.Gradient.Span[i] = -(start + i);
        }
        return p;
    }

    [Fact]
    public void ParametersBecomeAlignedViewsOfOneArrayWithTheirValues()
    {
        Parameter[] parameters = [Filled("weight", 3, 7, 1), Filled("bias", 1, 7, 100), Filled("weight", 17, 2, 200)];
        var matrices = parameters.Select(p => (p.Value, p.Gradient)).ToArray();
        var expected = parameters.Select(p => (p.Value.Span.ToArray(), p.Gradient.Span.ToArray())).ToArray();

        var store = ParameterStore.MoveIn(parameters);

        Assert.Equal([0, 32, 48], store.Offsets);
        Assert.Equal(48 + 48, store.Values.Length);
        for (int i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            Assert.Same(matrices[i].Value, p.Value);
            Assert.Same(matrices[i].Gradient, p.Gradient);
            Assert.Same(store.Values, p.Value.Buffer);
            Assert.Same(store.Gradients, p.Gradient.Buffer);
            Assert.Equal(store.Offsets[i], p.Value.Offset);
            Assert.Equal(expected[i].Item1, p.Value.Span.ToArray());
            Assert.Equal(expected[i].Item2, p.Gradient.Span.ToArray());
            Assert.Equal(expected[i].Item1, store.Values.AsSpan(store.Offsets[i], p.Value.Length).ToArray());
        }
        Assert.Equal(new float[32 - 21], store.Values[21..32]);

        parameters[2].Value[16, 1] = -5f;
        Assert.Equal(-5f, store.Values[48 + 33]);
        Assert.Equal(-5f, parameters[2].Value.Row(16)[1]);
    }

    [Fact]
    public void AViewShrinksButDoesNotGrow()
    {
        var p = Filled("weight", 4, 4, 0);
        ParameterStore.MoveIn([Filled("bias", 1, 3, 0), p]);
        p.Gradient.Reshape(2, 8);
        Assert.Equal(16, p.Gradient.Offset);
        p.Gradient.Reshape(2, 2);
        var e = Assert.Throws<InvalidOperationException>(() => p.Gradient.Reshape(5, 4));
        Assert.Contains("(5, 4)", e.Message);
    }

    [Fact]
    public void AddSlotsMakesTheKnownSlotsViewsAndCopiesPresentSlotsIn()
    {
        Parameter[] parameters = [Filled("weight", 3, 7, 1), Filled("bias", 1, 7, 100)];
        var given = Matrix.RowVector(1, 2, 3, 4, 5, 6, 7);
        parameters[1].OptimizerState[OptimizerState.MomentumSlot] = given;
        var store = ParameterStore.MoveIn(parameters);
        Assert.Null(store.Momentums);

        store.AddSlots();

        var momentums = store.Momentums!;
        var caches = store.Caches!;
        Assert.Equal(store.Values.Length, momentums.Length);
        var bias = parameters[1].OptimizerState[OptimizerState.MomentumSlot];
        Assert.NotSame(given, bias);
        Assert.Same(momentums, bias.Buffer);
        Assert.Equal(32, bias.Offset);
        Assert.Equal(given.Span.ToArray(), momentums[32..39]);
        Assert.False(parameters[0].OptimizerState.ContainsKey(OptimizerState.MomentumSlot));
        Assert.Equal(new float[momentums.Length - 7], momentums[..32].Concat(momentums[39..]).ToArray());
        Assert.Equal(new float[caches.Length], caches);

        store.AddSlots();
        Assert.Same(momentums, store.Momentums);
    }

    [Fact]
    public void ASlotSetByNameIsCopiedIntoItsViewAndRemovingItClearsTheView()
    {
        Parameter[] parameters = [Filled("bias", 1, 3, 0), Filled("weight", 2, 2, 0)];
        var store = ParameterStore.MoveIn(parameters);
        store.AddSlots();
        var state = parameters[1].OptimizerState;

        state[OptimizerState.CacheSlot] = new Matrix(2, 2, [1, 2, 3, 4]);
        Assert.Same(store.Caches, state[OptimizerState.CacheSlot].Buffer);
        Assert.Equal([1f, 2, 3, 4], store.Caches![16..20]);
        state.Add(OptimizerState.MomentumSlot, new Matrix(2, 2, [5, 6, 7, 8]));
        Assert.Equal([5f, 6, 7, 8], store.Momentums![16..20]);

        Assert.True(state.Remove(OptimizerState.CacheSlot));
        Assert.Equal(new float[4], store.Caches[16..20]);
        Assert.Equal([5f, 6, 7, 8], store.Momentums[16..20]);
        state.Clear();
        Assert.Equal(new float[store.Momentums.Length], store.Momentums);

        var other = new Matrix(3, 1, [9, 9, 9]);
        state[OptimizerState.MomentumSlot] = other;
        Assert.Same(other, state[OptimizerState.MomentumSlot]);
        Assert.Equal(new float[store.Momentums.Length], store.Momentums);
    }

    [Fact]
    public void AParameterMovedIntoALaterStoreGetsItsSlotsThere()
    {
        var p = Filled("weight", 2, 2, 0);
        var first = ParameterStore.MoveIn([p]);
        var second = ParameterStore.MoveIn([Filled("bias", 1, 1, 0), p]);
        first.AddSlots();
        Assert.Empty(p.OptimizerState);
        p.OptimizerState[OptimizerState.MomentumSlot] = new Matrix(2, 2, [1, 2, 3, 4]);
        Assert.Equal(new float[first.Momentums!.Length], first.Momentums);
        second.AddSlots();
        Assert.Same(second.Momentums, p.OptimizerState[OptimizerState.MomentumSlot].Buffer);
        Assert.Equal([1f, 2, 3, 4], second.Momentums![16..20]);
    }

    private sealed class TwoParameters(Parameter weight, Parameter bias) : ITrainableLayer
    {
        public IReadOnlyList<Parameter> Parameters { get; } = [weight, bias];
        public Matrix Output => throw new NotSupportedException();
        public Matrix DInputs => throw new NotSupportedException();
        public void Forward(Matrix inputs, bool training) => throw new NotSupportedException();
        public void Backward(Matrix dvalues) => throw new NotSupportedException();
        public double AddRegularizationLoss(double total) => total;
    }

    // A store with both slots created for every parameter, as after a model's first training step.
    private static (ParameterStore Store, ITrainableLayer[] Layers) WithSlots()
    {
        ITrainableLayer[] layers = [new TwoParameters(Filled("weight", 3, 5, 1), Filled("bias", 1, 5, 50)), new TwoParameters(Filled("weight", 5, 2, 70), Filled("bias", 1, 2, 90))];
        var store = ParameterStore.MoveIn(layers.SelectMany(l => l.Parameters).ToArray());
        store.AddSlots();
        foreach (var p in layers.SelectMany(l => l.Parameters))
        {
            p.OptimizerState.Zeros(OptimizerState.MomentumSlot, p.Value.Rows, p.Value.Columns);
            p.OptimizerState.Zeros(OptimizerState.CacheSlot, p.Value.Rows, p.Value.Columns);
        }
        return (store, layers);
    }

    [Fact]
    public void OnePassNeedsEveryParameterAsAViewOfThisStoreWithTheSlotsAskedFor()
    {
        var (store, layers) = WithSlots();
        Assert.True(store.CanUpdateInOnePass(layers, momentum: true, cache: true));
        var later = ParameterStore.MoveIn(layers.SelectMany(l => l.Parameters).ToArray());
        Assert.False(store.CanUpdateInOnePass(layers, momentum: false, cache: false));
        Assert.True(later.CanUpdateInOnePass(layers, momentum: false, cache: false));
        Assert.False(later.CanUpdateInOnePass(layers, momentum: true, cache: false));
        later.AddSlots();
        Assert.True(later.CanUpdateInOnePass(layers, momentum: true, cache: true));

        ITrainableLayer[] noSlots = [new TwoParameters(Filled("weight", 3, 5, 1), Filled("bias", 1, 5, 50))];
        var bare = ParameterStore.MoveIn(noSlots[0].Parameters);
        bare.AddSlots();
        Assert.True(bare.CanUpdateInOnePass(noSlots, momentum: false, cache: false));
        Assert.False(bare.CanUpdateInOnePass(noSlots, momentum: false, cache: true));
    }

    [Fact]
    public void OnePassIsRefusedForAnyParameterOutsideTheStoreOrOfAnotherKind()
    {
        Action<ITrainableLayer[]>[] breaks =
        [
            l => l[1].Parameters[0].OptimizerState[OptimizerState.CacheSlot] = new Matrix(2, 5),
            l => l[1].Parameters[0].OptimizerState.Remove(OptimizerState.MomentumSlot),
            l => l[0].Parameters[1].Gradient.SetFloat64(),
            l => l[0].Parameters[1].OptimizerState.Cache!.SetFloat64(),
            l => l[0].Parameters[0].Gradient.Reshape(5, 3),
            l => l[0].Parameters[0].Value.Reshape(2, 5),
        ];
        for (int i = 0; i < breaks.Length; i++)
        {
            var (store, layers) = WithSlots();
            breaks[i](layers);
            Assert.False(store.CanUpdateInOnePass(layers, momentum: true, cache: true), $"change {i}");
        }
        var (s, ls) = WithSlots();
        Assert.False(s.CanUpdateInOnePass([ls[0]], momentum: true, cache: true));
        Assert.False(s.CanUpdateInOnePass([ls[1], ls[0]], momentum: true, cache: true));
        Assert.False(s.CanUpdateInOnePass([.. ls, new TwoParameters(Filled("weight", 1, 1, 0), Filled("bias", 1, 1, 0))], momentum: true, cache: true));
    }
}
