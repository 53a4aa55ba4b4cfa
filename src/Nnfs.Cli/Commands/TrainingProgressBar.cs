using System.Globalization;
using Nnfs.Models;
using Spectre.Console;

namespace Nnfs.Cli.Commands;

/// <summary>
/// A live Spectre.Console display of training on a terminal: with batches, one bar per epoch advancing by step and
/// finishing with the epoch's metrics; with full batch, one bar advancing by epoch.
/// </summary>
internal static class TrainingProgressBar
{
    /// <summary>Runs <paramref name="train"/> on <paramref name="model"/> while drawing its progress.</summary>
    public static History Run(Model model, int epochs, Func<Model, History> train)
    {
        History? history = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                ProgressTask? current = null;
                ProgressTask? overall = null;
                void OnStep(object? sender, TrainingProgress p)
                {
                    if (p.StepsPerEpoch <= 1) return;
                    if (current is null || p.Step == 0)
                    {
                        current = ctx.AddTask(Inv($"epoch {p.Epoch}/{epochs}"), maxValue: p.StepsPerEpoch);
                    }
                    current.Value = p.Step + 1;
                    current.Description = Inv($"epoch {p.Epoch}/{epochs}: acc {p.Accuracy:0.000}, loss {p.Loss:0.000}");
                }
                void OnEpoch(object? sender, TrainingProgress p)
                {
                    string text = Inv($"epoch {p.Epoch}/{epochs}: acc {p.Accuracy:0.000}, loss {p.Loss:0.000}");
                    if (p.ValidationAccuracy is double va) text += Inv($"; val {va:0.000}, {p.ValidationLoss:0.000}");
                    if (p.StepsPerEpoch > 1 && current is not null)
                    {
                        current.Description = text;
                        current.Value = current.MaxValue;
                        current.StopTask();
                        current = null;
                    }
                    else
                    {
                        overall ??= ctx.AddTask("training", maxValue: epochs);
                        overall.Value = p.Epoch;
                        overall.Description = text;
                    }
                }
                model.StepCompleted += OnStep;
                model.EpochCompleted += OnEpoch;
                try
                {
                    history = train(model);
                }
                finally
                {
                    model.StepCompleted -= OnStep;
                    model.EpochCompleted -= OnEpoch;
                }
            });
        return history!;
    }

    private static string Inv(FormattableString s) => Markup.Escape(s.ToString(CultureInfo.InvariantCulture));
}
