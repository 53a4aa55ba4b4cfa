using System.CommandLine;
using Nnfs.Onnx;
using Nnfs.Serialization;

namespace Nnfs.Cli.Commands;

/// <summary>
/// <c>nnfs export MODEL</c> with <c>--onnx OUT.onnx</c> (an ONNX file; see <see cref="OnnxExporter"/> and
/// docs/onnx.md), <c>--triton DIR</c> (a Triton / KServe model repository entry; <see cref="TritonRepository"/>)
/// and <c>--safetensors OUT --layout pytorch</c> (the weights as a PyTorch state dict; <see cref="PyTorchExport"/>),
/// any of them together.
/// </summary>
/// <remarks>Every output is checked (folders created, names validated) before the model is loaded, and each is
/// written atomically.</remarks>
internal static class ExportCommand
{
    /// <summary>The only <c>--layout</c> so far, and its default: <c>pytorch</c>.</summary>
    public const string PyTorchLayout = "pytorch";

    /// <summary>What to write; null for an output not asked for.</summary>
    internal sealed record Outputs(string? Onnx = null, string? Triton = null, string? Name = null,
        int MaxBatchSize = TritonRepository.DefaultMaxBatchSize, string? SafeTensors = null);

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "Model file written by 'nnfs train'." };
        var onnx = new Option<string>("--onnx")
        {
            Description = "Write an ONNX file (input 'input' [N, features], output 'output' [N, outputs]); missing folders are created.",
            HelpName = "file.onnx",
        };
        var triton = new Option<string>("--triton")
        {
            Description = "Write a Triton / KServe model repository entry DIR/NAME/config.pbtxt and DIR/NAME/1/model.onnx (replacing a previous export of NAME).",
            HelpName = "DIR",
        };
        var name = new Option<string>("--name")
        {
            Description = "The model name for --triton: letters, digits, '_', '-', '.' [default: the model file's name without its extension, other characters as '_', as 'nnfs serve' names it].",
            HelpName = "name",
        };
        var maxBatch = new Option<int>("--max-batch-size")
        {
            Description = "Triton's max_batch_size for --triton: the most rows one (dynamically batched) run takes.",
            HelpName = "n",
            DefaultValueFactory = _ => TritonRepository.DefaultMaxBatchSize,
        }.WholeNumber(1);
        var safetensors = new Option<string>("--safetensors")
        {
            Description = "Write the weights as a safetensors state dict in the layout of --layout; missing folders are created.",
            HelpName = "file.safetensors",
        };
        var layout = new Option<string>("--layout")
        {
            Description = "Layout of --safetensors: 'pytorch', the state dict of the torch.nn.Sequential that mirrors the model (keys '0.weight' [out, in], '0.bias', …).",
            HelpName = PyTorchLayout,
            DefaultValueFactory = _ => PyTorchLayout,
        }.WithParser(ParseLayout);
        var command = new Command("export", "Export a saved model for inference or training elsewhere: ONNX, a Triton / KServe model repository, PyTorch weights.")
        {
            model, onnx, triton, name, maxBatch, safetensors, layout,
        };
        command.Validators.Add(result =>
        {
            bool Given(Option option) => result.GetResult(option) is { Implicit: false };
            if (!Given(onnx) && !Given(triton) && !Given(safetensors))
                result.AddError("nothing to export: give --onnx FILE, --triton DIR or --safetensors FILE");
            foreach (var option in new Option[] { name, maxBatch })
                if (Given(option) && !Given(triton)) result.AddError($"{option.Name} applies to --triton DIR, which is not given");
            if (Given(layout) && !Given(safetensors)) result.AddError("--layout applies to --safetensors FILE, which is not given");
        });
        command.SetAction(parse => CommandRunner.Run(parse, (output, _) =>
        {
            var outputs = new Outputs(parse.GetValue(onnx), parse.GetValue(triton), parse.GetValue(name), parse.GetValue(maxBatch),
                parse.GetValue(safetensors));
            Run(parse.GetValue(model)!, outputs, output);
            return 0;
        }));
        return command;
    }

    /// <summary>Checks every output, loads <paramref name="modelPath"/> and writes the outputs asked for, one line on
    /// <paramref name="report"/> as each is written.</summary>
    /// <exception cref="ArgumentException">The Triton model name is not valid (also when taken from the file name).</exception>
    /// <exception cref="IOException">An output cannot be written; outputs are checked before the model is loaded.</exception>
    public static void Run(string modelPath, Outputs outputs, TextWriter report)
    {
        if (outputs.Onnx is { } onnxPath) OutputFiles.Prepare(onnxPath, "--onnx");
        if (outputs.SafeTensors is { } weightsPath) OutputFiles.Prepare(weightsPath, "--safetensors");
        string? tritonName = null;
        if (outputs.Triton is { } repository)
        {
            tritonName = TritonName(modelPath, outputs.Name);
            PrepareFolder(repository, "--triton");
        }

        var model = ModelFiles.Load(modelPath);
        if (outputs.Onnx is { } onnx)
        {
            OnnxExporter.Export(model, onnx);
            report.WriteLine($"wrote {onnx}");
        }
        if (outputs.Triton is { } triton)
        {
            string entry = TritonRepository.Write(model, triton, tritonName!, outputs.MaxBatchSize);
            report.WriteLine($"wrote {Path.Combine(entry, TritonRepository.ConfigFileName)} and {Path.Combine(entry, TritonRepository.Version, TritonRepository.ModelFileName)} "
                + $"(serve with: tritonserver --model-repository={Path.GetFullPath(triton)})");
        }
        if (outputs.SafeTensors is { } weights)
        {
            PyTorchExport.Write(model, weights);
            report.WriteLine($"wrote {weights}: the state dict of {PyTorchExport.Sequential(model)} (nn = torch.nn)");
        }
    }

    /// <summary>
    /// The Triton model name: <paramref name="name"/>, or the model file's name without its extension with every
    /// character other than an ASCII letter, digit, <c>_</c>, <c>-</c> or <c>.</c> (and a leading <c>.</c> or <c>-</c>)
    /// replaced by <c>_</c> — the name <c>nnfs serve</c> serves the file under, so that clients use the same URL.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not valid (<see cref="TritonRepository.IsValidName"/>),
    /// or the file name gives none.</exception>
    internal static string TritonName(string modelPath, string? name)
    {
        string rule = $"1 to {TritonRepository.MaxNameLength} ASCII letters, digits, '_', '-' and '.', not starting with '.' or '-'";
        if (name is not null)
            return TritonRepository.IsValidName(name) ? name : throw new ArgumentException($"--name: '{name}' is not a valid model name ({rule})");
        var chars = Path.GetFileNameWithoutExtension(modelPath).ToCharArray();
        for (int i = 0; i < chars.Length; i++)
            if (!(char.IsAsciiLetterOrDigit(chars[i]) || chars[i] is '_' or '-' or '.') || (i == 0 && chars[i] is '.' or '-')) chars[i] = '_';
        string derived = new(chars);
        return TritonRepository.IsValidName(derived) ? derived
            : throw new ArgumentException($"--triton: no model name can be made from the file name '{Path.GetFileName(modelPath)}'; give one with --name ({rule})");
    }

    /// <summary>Creates the folder <paramref name="path"/> if missing; refuses a path that is a file.</summary>
    private static void PrepareFolder(string path, string option)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException($"{option}: the folder name is empty");
        if (File.Exists(path)) throw new IOException($"{option}: '{path}' is a file; give a folder");
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{option}: cannot create the folder '{path}': {CommandRunner.OneLine(e.Message)}", e);
        }
    }

    private static string ParseLayout(string text) =>
        text.Trim().Equals(PyTorchLayout, StringComparison.OrdinalIgnoreCase)
            ? PyTorchLayout
            : throw new FormatException($"--layout: expected '{PyTorchLayout}', got '{text}'");
}
