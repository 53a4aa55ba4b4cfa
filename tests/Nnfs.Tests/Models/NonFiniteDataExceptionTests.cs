using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Optimizers;
using Nnfs.Randomness;
using Nnfs.Tensors;

namespace Nnfs.Tests.Models;

/// <summary>Model.Train refuses NaN and infinite data before training, naming the data, row and column.</summary>
public class NonFiniteDataExceptionTests
{
    private static Model Regressor(RandomState random)
    {
        var model = new Model(random);
        model.Add(new Dense(2, 8, random: random));
        model.Add(new ReLU());
        model.Add(new Dense(8, 1, random: random));
        model.Add(new Linear());
        model.Set(loss: new MeanSquaredError(), optimizer: new Adam(0.01), accuracy: new RegressionAccuracy());
        model.Build();
        return model;
    }

    private static (Matrix X, Matrix Y) Data(int rows)
    {
        var x = new Matrix(rows, 2);
        var y = new Matrix(rows, 1);
        for (int i = 0; i < rows; i++)
        {
            x[i, 0] = i / (float)rows;
            x[i, 1] = 1 - x[i, 0];
            y[i, 0] = x[i, 0] * 2;
        }
        return (x, y);
    }

    [Theory]
    [InlineData("x", 7, 1, float.NaN, "NaN")]
    [InlineData("x", 0, 0, float.PositiveInfinity, "+infinity")]
    [InlineData("y", 12, 0, float.NegativeInfinity, "-infinity")]
    [InlineData("validation x", 3, 1, float.NaN, "NaN")]
    [InlineData("validation y", 2, 0, float.PositiveInfinity, "+infinity")]
    public void NonFiniteData_IsRefusedBeforeTraining_NamingRowAndColumn(string what, int row, int column, float value, string shown)
    {
        var random = new RandomState(3);
        var model = Regressor(random);
        var (x, y) = Data(20);
        var (vx, vy) = Data(5);
        var target = what switch { "x" => x, "y" => y, "validation x" => vx, _ => vy };
        target[row, column] = value;
        // A second bad value later on: the first one is reported.
        target[target.Rows - 1, 0] = float.NaN;
        var before = model.GetParameters();
        int steps = 0;
        model.StepCompleted += (_, _) => steps++;
        model.Report = TrainingReport.None;

        var e = Assert.Throws<NonFiniteDataException>(() => model.Train(x, y, epochs: 2, validationData: (vx, vy)));

        Assert.Equal((what, row, column), (e.What, e.Row, e.Column));
        Assert.Equal(value, e.Value);
        Assert.Equal($"Train: {what} has {shown} at row {row}, column {column} (0-based); training needs finite numbers, so remove or replace the missing or infinite values.", e.Message.Split(" (Parameter")[0]);
        Assert.IsAssignableFrom<ArgumentException>(e);
        Assert.Equal(0, steps);
        Assert.Equal(0, model.Optimizer!.Iterations);
        var after = model.GetParameters();
        for (int i = 0; i < before.Count; i++)
            for (int j = 0; j < before[i].Length; j++) Assert.Equal(before[i][j].Span.ToArray(), after[i][j].Span.ToArray());
    }

    [Fact]
    public void NonFiniteClassData_IsRefused_AndFiniteDataTrains()
    {
        var random = new RandomState(5);
        var (x, y) = SyntheticData.Spiral(30, 3, random);
        var model = new Model(random);
        model.Add(new Dense(2, 8, random: random));
        model.Add(new ReLU());
        model.Add(new Dense(8, 3, random: random));
        model.Add(new Softmax());
        model.Set(loss: new CategoricalCrossEntropy(), optimizer: new Adam(0.01), accuracy: new CategoricalAccuracy());
        model.Report = TrainingReport.None;
        model.Train(x, y, epochs: 1);

        x[45, 1] = float.NaN;
        var e = Assert.Throws<NonFiniteDataException>(() => model.Train(x, y, epochs: 1));
        Assert.Equal(("x", 45, 1), (e.What, e.Row, e.Column));
        Assert.Equal("x", e.ParamName);
    }
}
