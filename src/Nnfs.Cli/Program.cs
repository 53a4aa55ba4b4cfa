using System.CommandLine;
using Nnfs.Cli.Book;

var root = new RootCommand("nnfs: neural networks from scratch in C#. Train, evaluate and predict, and run the book's chapters.");
root.Add(BookCommand.Create());
root.Add(Nnfs.Cli.Bench.BenchCommand.Create());
root.Add(Nnfs.Cli.Commands.TrainCommand.Create());
root.Add(Nnfs.Cli.Commands.EvaluateCommand.Create());
root.Add(Nnfs.Cli.Commands.PredictCommand.Create());
root.Add(Nnfs.Cli.Commands.ExportCommand.Create());
return root.Parse(args).Invoke();
