namespace Nnfs.Serving.Tests;

/// <summary>The test models, trained once per test class into a temporary folder.</summary>
public sealed class ModelFilesFixture : IDisposable
{
    private readonly TempDir _dir = new();

    public ModelFilesFixture()
    {
        ImageModel = TestModels.SaveImageModel(_dir.Path);
        SpiralModel = TestModels.SaveSpiralModel(_dir.Path);
    }

    /// <summary>A 784-input, 10-class image model served as "garments".</summary>
    public string ImageModel { get; }

    /// <summary>A 2-feature, 3-class model served as "spiral".</summary>
    public string SpiralModel { get; }

    /// <summary>A folder for further files.</summary>
    public string Folder => _dir.Path;

    public void Dispose() => _dir.Dispose();
}
