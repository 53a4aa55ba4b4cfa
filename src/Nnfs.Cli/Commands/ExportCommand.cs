using System.CommandLine;
using Nnfs.Onnx;

namespace Nnfs.Cli.Commands;

/// <summary>
/// <c>nnfs export MODEL --onnx OUT.onnx</c>: writes a saved model as an ONNX file for ONNX Runtime and other tools
/// (see <see cref="OnnxExporter"/> and docs/onnx.md).
/// </summary>
internal static class ExportCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "Model file written by 'nnfs train'." };
        var onnx = new Option<string>("--onnx")
        {
            Description = "Write an ONNX file (input 'input' [N, features], output 'output' [N, outputs]); missing folders are created.",
            HelpName = "file.onnx",
            Required = true,
        };
        var command = new Command("export", "Export a saved model to another format (ONNX) for inference elsewhere.")
        {
            model, onnx,
        };
        command.SetAction(parse => CommandRunner.Run(parse, (output, _) =>
        {
            string target = parse.GetValue(onnx)!;
            Run(parse.GetValue(model)!, target);
            output.WriteLine($"wrote {target}");
            return 0;
        }));
        return command;
    }

    /// <summary>Loads <paramref name="modelPath"/> and writes it as ONNX to <paramref name="onnxPath"/>.</summary>
    public static void Run(string modelPath, string onnxPath)
    {
        OutputFiles.Prepare(onnxPath, "--onnx");
        var model = ModelFiles.Load(modelPath);
        OnnxExporter.Export(model, onnxPath);
    }
}
