using Nnfs.Cli;

using var signals = Interrupts.Listen();
return CliApp.Run(args, Console.Out, Console.Error, Interrupts.Token);
