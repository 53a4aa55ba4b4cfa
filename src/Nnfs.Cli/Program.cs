using Nnfs.Cli;

using var signals = Interrupts.Listen(Console.Error);
return CliApp.Run(args, Console.Out, Console.Error, Interrupts.Token);
