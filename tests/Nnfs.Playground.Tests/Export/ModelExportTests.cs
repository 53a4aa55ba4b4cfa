using Nnfs.Playground.Export;
using Nnfs.Playground.Training;
using Nnfs.Serialization;
using Nnfs.Tensors;

namespace Nnfs.Playground.Tests.Export;

public class ModelExportTests
{
    [Fact]
    public void TheBytesAreAModelFileThatLoadsAndPredictsAsTheTrainedModel()
    {
        var session = new TrainingSession(PlaygroundSettings.Default);
        session.Advance(50);
        byte[] bytes = ModelExport.ToBytes(session.Model);

        using var folder = new TempDir();
        string path = folder.Combine(ModelExport.FileName);
        File.WriteAllBytes(path, bytes);
        var loaded = ModelFile.Load(path);
        var x = session.Data.X;
        Assert.Equal(session.Model.Predict(x).Span.ToArray(), loaded.Predict(x).Span.ToArray());
        Assert.Equal(session.Model.Optimizer!.Iterations, loaded.Optimizer!.Iterations);
    }

    [Fact]
    public void NothingIsLeftInTheTemporaryFolder()
    {
        var before = Directory.GetDirectories(Path.GetTempPath(), "nnfs-playground-*").Length;
        ModelExport.ToBytes(new TrainingSession(PlaygroundSettings.Default).Model);
        Assert.Equal(before, Directory.GetDirectories(Path.GetTempPath(), "nnfs-playground-*").Length);
        Assert.Throws<ArgumentNullException>(() => ModelExport.ToBytes(null!));
    }
}
