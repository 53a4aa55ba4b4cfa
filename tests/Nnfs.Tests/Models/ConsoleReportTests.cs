using Nnfs.Models;

namespace Nnfs.Tests.Models;

public class ConsoleReportTests
{
    private static TrainingProgress Step(int step, int steps) =>
        new(1, step, steps, 10, 0.5, 1.0625, 1.0, 0.0625, 0.001);

    [Fact]
    public void StepsReportPrintsEveryNthStepTheLastAndTheEpochLines()
    {
        var output = new StringWriter();
        var report = new ConsoleReport(output, TrainingReport.Steps, printEvery: 2);
        report.OnEpochStarted(null, 1);
        for (int step = 0; step < 4; step++) report.OnStepCompleted(null, Step(step, 4));
        report.OnEpochCompleted(null, new TrainingProgress(1, 3, 4, 40, 0.25, 2.5, 2.0, 0.5, 0.0005, 0.75, 1.25));
        Assert.Equal(string.Join(Environment.NewLine,
            "epoch: 1",
            "step: 0, acc: 0.500, loss: 1.062 (data_loss: 1.000, reg_loss: 0.062), lr: 0.001",
            "step: 2, acc: 0.500, loss: 1.062 (data_loss: 1.000, reg_loss: 0.062), lr: 0.001",
            "step: 3, acc: 0.500, loss: 1.062 (data_loss: 1.000, reg_loss: 0.062), lr: 0.001",
            "training, acc: 0.250, loss: 2.500 (data_loss: 2.000, reg_loss: 0.500), lr: 0.0005",
            "validation, acc: 0.750, loss: 1.250", ""), output.ToString());
    }

    [Fact]
    public void EpochsReportPrintsEveryNthEpochOnly()
    {
        var output = new StringWriter();
        var report = new ConsoleReport(output, TrainingReport.Epochs, printEvery: 2);
        for (int epoch = 1; epoch <= 4; epoch++)
        {
            report.OnEpochStarted(null, epoch);
            report.OnStepCompleted(null, Step(0, 1));
            report.OnEpochCompleted(null, new TrainingProgress(epoch, 0, 1, 10, 0.5, 1.5, 1.0, 0.5, 1.0, 0.5, 0.5));
        }
        report.WriteValidation(new Evaluation(0.875, 0.25));
        Assert.Equal(string.Join(Environment.NewLine,
            "epoch: 2, acc: 0.500, loss: 1.500 (data_loss: 1.000, reg_loss: 0.500), lr: 1.0",
            "epoch: 4, acc: 0.500, loss: 1.500 (data_loss: 1.000, reg_loss: 0.500), lr: 1.0",
            "validation, acc: 0.875, loss: 0.250", ""), output.ToString());
    }
}
