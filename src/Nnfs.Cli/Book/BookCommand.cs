using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Nnfs.Cli.Commands;

namespace Nnfs.Cli.Book;

/// <summary><c>nnfs book &lt;chapter&gt;</c>: runs a chapter's final example and prints what the book prints.</summary>
public static class BookCommand
{
    /// <summary>The chapters that can be run, in book order.</summary>
    public static IReadOnlyList<Chapter> Chapters { get; } =
    [
        new Chapter02(), new Chapter03(), new Chapter04(), new Chapter05(), new Chapter06(), new Chapter07(),
        new Chapter08(), new Chapter09(), new Chapter10(), new Chapter11(), new Chapter12(), new Chapter13(), new Chapter14(),
        new Chapter15(), new Chapter16(), new Chapter17(), new Chapter18(), new Chapter19(), new Chapter20(), new Chapter21(),
        new Chapter22(),
    ];

    /// <summary>Finds a chapter by number.</summary>
    /// <exception cref="ArgumentException">No such chapter; the message lists the available ones.</exception>
    public static Chapter Find(int number) =>
        Chapters.FirstOrDefault(c => c.Number == number)
        ?? throw new ArgumentException(
            $"There is no runnable chapter {number}; available: {string.Join(", ", Chapters.Select(c => c.Number))}.",
            nameof(number));

    /// <summary>Builds the <c>book</c> command.</summary>
    public static Command Create()
    {
        var chapter = new Argument<int?>("chapter")
        {
            Description = "The chapter number (2–22). Omit to list the chapters.",
            Arity = ArgumentArity.ZeroOrOne,
            CustomParser = result => ParseChapter(result),
        };
        var iterations = new Option<int?>("--iterations") { Description = "Chapter 6: iterations of each random search (default 10000)." }.WholeNumber(1);
        var variant = new Option<string?>("--variant") { Description = "Chapter 6: a, b or spiral (default all three); chapters 14-15: 64 or 512 neurons; chapter 18: regression, binary or classification (default all)." };
        var optimizer = new Option<string?>("--optimizer") { Description = "Chapter 10: the optimizer setting, by name or 1-based index (default: all)." };
        var epochs = new Option<int?>("--epochs") { Description = "Chapters 10-18: train up to this epoch (default: the book's 10000); chapters 19-22: number of epochs (default 10)." }.WholeNumber(1);
        var fast = new Option<bool>("--fast") { Description = "Use the fast (SIMD, multithreaded) path instead of the book's exact NumPy arithmetic." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Chapters 19-22: the folder with the Fashion-MNIST IDX files (default: NNFS_DATA, the cache, /usr/share/datasets)." };
        var outputDir = new Option<string?>("--output-dir") { Description = "Chapters 21-22: where model files and images are written (default: a temporary folder)." };
        var model = new Option<string?>("--model") { Description = "Chapter 22: the model file to load (default: train chapter 19's model first)." };
        var image = new Option<string[]>("--image") { Description = "Chapter 22: image files to classify (default: stand-ins for the book's photos).", AllowMultipleArgumentsPerToken = true };
        var command = new Command("book", "Run a chapter of Neural Networks from Scratch and print what the book's Python prints.")
        {
            chapter, iterations, variant, optimizer, epochs, fast,
            dataDir, outputDir, model, image,
        };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            var stderr = parse.InvocationConfiguration.Error;
            var number = parse.GetValue(chapter);
            if (number is null)
            {
                foreach (var c in Chapters) stdout.WriteLine($"{c.Number,3}  {c.Title}");
                return 0;
            }
            if (Chapters.All(c => c.Number != number))
            {
                stderr.WriteLine($"There is no runnable chapter {number}; available: {string.Join(", ", Chapters.Select(c => c.Number))}.");
                return 2;
            }
            var options = new BookOptions
            {
                Iterations = parse.GetValue(iterations),
                Variant = parse.GetValue(variant),
                Optimizer = parse.GetValue(optimizer),
                Epochs = parse.GetValue(epochs),
                Fast = parse.GetValue(fast),
                DataDir = parse.GetValue(dataDir),
                OutputDir = parse.GetValue(outputDir),
                ModelPath = parse.GetValue(model),
                Images = parse.GetValue(image),
            };
            try
            {
                Find(number.Value).Run(stdout, options);
            }
            catch (ArgumentException error)
            {
                stderr.WriteLine(error.Message);
                return 2;
            }
            catch (IOException error)
            {
                stderr.WriteLine(error.Message);
                return 1;
            }
            return 0;
        });
        return command;
    }

    private static int? ParseChapter(ArgumentResult result)
    {
        if (result.Tokens.Count == 0) return null;
        string text = result.Tokens[0].Value;
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int number)) return number;
        result.AddError($"chapter: expected a chapter number ({string.Join(", ", Chapters.Select(c => c.Number))}), got '{text}'");
        return null;
    }
}
