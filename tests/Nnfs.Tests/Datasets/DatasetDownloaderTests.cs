using System.Net;
using System.Security.Cryptography;
using Nnfs.Datasets;

namespace Nnfs.Tests.Datasets;

public class DatasetDownloaderTests
{
    [Fact]
    public async Task DownloadsVerifiesAndReportsProgress()
    {
        using var tmp = new TempDir();
        var dataset = FakeDataset(tmp, out var handler);
        var reports = new List<DownloadProgress>();
        var locator = new DataLocator(null, _ => null, tmp.Combine("cache"), [tmp.Combine("none")]);
        using var downloader = new DatasetDownloader(new HttpClient(handler));

        string dir = await locator.LocateOrDownloadAsync(dataset, downloader, new SyncProgress<DownloadProgress>(reports.Add));

        Assert.Equal(Path.Combine(tmp.Combine("cache"), "nnfs", "fake"), dir);
        var data = dataset.Load(dir, DataSplitKind.Test);
        Assert.Equal(3, data.Count);
        Assert.Equal(["a.test/train-images-idx3-ubyte.gz", "a.test/train-labels-idx1-ubyte.gz", "a.test/t10k-images-idx3-ubyte.gz", "a.test/t10k-labels-idx1-ubyte.gz"], handler.Requests);
        Assert.Empty(Directory.GetFiles(dir, "*.part"));
        Assert.Equal(4, reports.Select(r => r.FileName).Distinct().Count());
        var last = reports.Last(r => r.FileName == "t10k-images-idx3-ubyte.gz");
        Assert.Equal(last.TotalBytes, last.BytesReceived);
        Assert.Equal((2, 4), (last.FileIndex, last.FileCount));

        // Found in the cache now: no second download.
        handler.Requests.Clear();
        Assert.Equal(dir, await locator.LocateOrDownloadAsync(dataset, downloader));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task ChecksumMismatchIsRefusedAndThePartialFileRemoved()
    {
        using var tmp = new TempDir();
        string source = tmp.Combine("served.bin");
        File.WriteAllBytes(source, [1, 2, 3, 4, 5]);
        var handler = new FileHandler(_ => source);
        using var downloader = new DatasetDownloader(new HttpClient(handler));
        string destination = tmp.Combine("out", "file.gz");
        Directory.CreateDirectory(tmp.Combine("out"));
        string wrong = new('0', 64);

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() =>
            downloader.DownloadFileAsync(new Uri("http://a.test/file.gz"), destination, wrong));

        Assert.Contains("SHA-256 is " + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(source))), ex.Message);
        Assert.Contains("expected " + wrong, ex.Message);
        Assert.False(File.Exists(destination));
        Assert.False(File.Exists(destination + ".part"));
        Assert.Empty(Directory.GetFiles(tmp.Combine("out")));
    }

    [Fact]
    public async Task BadMirrorIsSkippedAndAllFailuresAreReported()
    {
        using var tmp = new TempDir();
        var good = FakeDataset(tmp, out _);
        var served = tmp.Combine("served");
        // Mirror "bad.test" serves a corrupt file, "a.test" the right one.
        string junk = tmp.Combine("junk");
        File.WriteAllBytes(junk, [9, 9, 9]);
        var handler = new FileHandler(u => u.Host == "bad.test" ? junk : Path.Combine(served, Path.GetFileName(u.AbsolutePath)));
        var dataset = good with { DownloadBases = [new Uri("http://bad.test/"), new Uri("http://a.test/")] };
        using var downloader = new DatasetDownloader(new HttpClient(handler));

        await downloader.DownloadAsync(dataset, tmp.Combine("dl"));
        Assert.True(dataset.IsPresentIn(tmp.Combine("dl")));
        Assert.Equal(8, handler.Requests.Count);

        var onlyBad = good with { DownloadBases = [new Uri("http://bad.test/"), new Uri("http://missing.test/")] };
        var failing = new FileHandler(u => u.Host == "bad.test" ? junk : null);
        using var downloader2 = new DatasetDownloader(new HttpClient(failing));
        var ex = await Assert.ThrowsAsync<DatasetDownloadException>(() => downloader2.DownloadAsync(onlyBad, tmp.Combine("dl2")));
        Assert.Contains("could not download train-images-idx3-ubyte.gz", ex.Message);
        Assert.Equal(2, ex.Reasons.Count);
        Assert.Contains("http://bad.test/train-images-idx3-ubyte.gz: ", ex.Message);
        Assert.Contains("SHA-256", ex.Message);
        Assert.Contains("http://missing.test/train-images-idx3-ubyte.gz: ", ex.Message);
        Assert.Contains("404", ex.Message);
        // The folder it created is removed again, since it stayed empty.
        Assert.False(Directory.Exists(tmp.Combine("dl2")));
    }

    [Fact]
    public async Task ExplicitDirectoryNeverDownloads()
    {
        using var tmp = new TempDir();
        var dataset = FakeDataset(tmp, out var handler);
        var locator = new DataLocator(tmp.Combine("mine"), _ => null, tmp.Combine("cache"), []);
        using var downloader = new DatasetDownloader(new HttpClient(handler));
        await Assert.ThrowsAsync<DatasetNotFoundException>(() => locator.LocateOrDownloadAsync(dataset, downloader));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task ALocationThatNeverAnswersTimesOutAndTheNextIsTried()
    {
        using var tmp = new TempDir();
        var good = FakeDataset(tmp, out _);
        string served = tmp.Combine("served");
        var handler = new SilentHandler(u => u.Host == "silent.test" ? null : Path.Combine(served, Path.GetFileName(u.AbsolutePath)));
        var dataset = good with { DownloadBases = [new Uri("http://silent.test/"), new Uri("http://a.test/")] };
        using var downloader = new DatasetDownloader(new HttpClient(handler)) { ResponseTimeout = TimeSpan.FromMilliseconds(100) };

        await downloader.DownloadAsync(dataset, tmp.Combine("dl"));
        Assert.True(dataset.IsPresentIn(tmp.Combine("dl")));

        var onlySilent = good with { DownloadBases = [new Uri("http://silent.test/")] };
        var ex = await Assert.ThrowsAsync<DatasetDownloadException>(() => downloader.DownloadAsync(onlySilent, tmp.Combine("dl2")));
        Assert.Equal(new[] { "no response within 0.1 s" }, ex.Reasons);
        Assert.False(Directory.Exists(tmp.Combine("dl2")));
    }

    [Fact]
    public async Task ADownloadThatStallsTimesOutAndLeavesNoPartialFile()
    {
        using var tmp = new TempDir();
        var handler = new SilentHandler(_ => null, stallAfter: 1000);
        using var downloader = new DatasetDownloader(new HttpClient(handler)) { StallTimeout = TimeSpan.FromMilliseconds(100) };
        string destination = tmp.Combine("file.gz");

        var ex = await Assert.ThrowsAsync<TimeoutException>(() =>
            downloader.DownloadFileAsync(new Uri("http://stall.test/file.gz"), destination, new string('0', 64)));

        Assert.Equal("no data for 0.1 s after 1000 bytes", ex.Message);
        Assert.Empty(Directory.GetFileSystemEntries(tmp.Path));
    }

    [Fact]
    public async Task CancellationIsNotMistakenForATimeOut()
    {
        using var tmp = new TempDir();
        var handler = new SilentHandler(_ => null, stallAfter: 10);
        using var downloader = new DatasetDownloader(new HttpClient(handler));
        using var cancel = new CancellationTokenSource();
        handler.Stalled += cancel.Cancel;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            downloader.DownloadAsync(FakeDataset(tmp, out _), tmp.Combine("dl"), cancellationToken: cancel.Token));
        Assert.False(Directory.Exists(tmp.Combine("dl")));
    }

    [Fact]
    public void TimeOutsMustBePositive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DatasetDownloader { ResponseTimeout = TimeSpan.Zero });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DatasetDownloader { StallTimeout = TimeSpan.FromSeconds(-1) });
        using var defaults = new DatasetDownloader();
        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)), (defaults.ResponseTimeout, defaults.StallTimeout));
    }

    [Fact]
    public void AnUnreachableHostIsReportedByItsNetworkError()
    {
        var socket = new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound);
        var e = new HttpRequestException(HttpRequestError.NameResolutionError, $"{socket.Message} (a.test:443)", socket);
        Assert.Equal(socket.Message, DatasetDownloader.Reason(e));
        var status = new HttpRequestException("Response status code does not indicate success: 404 (Not Found).", null, HttpStatusCode.NotFound);
        Assert.Equal(status.Message, DatasetDownloader.Reason(status));
    }

    [Fact]
    public void BuiltInChecksumsAreWellFormed()
    {
        foreach (var d in new[] { IdxDataset.FashionMnist, IdxDataset.Mnist })
        {
            Assert.Equal(4, d.Files.Count);
            Assert.All(d.Files, f => Assert.Matches("^[0-9a-f]{64}$", f.Sha256));
            Assert.NotEmpty(d.DownloadBases);
        }
    }

    [SkippableTheory]
    [InlineData("mnist")]
    [InlineData("fashion-mnist")]
    public async Task BuiltInChecksumsMatchTheSharedFiles(string name)
    {
        // The shared copies are byte-identical to the official downloads (their README says so), so each must verify.
        var dataset = name == "mnist" ? IdxDataset.Mnist : IdxDataset.FashionMnist;
        string dir = TestData.Require(dataset);
        // Debian's copies have rewritten gzip headers, hence other checksums of the same data.
        if (dataset.SystemDirectories.Contains(dir))
            throw TestSkip.Because($"{dir} is the operating system's copy, whose compressed files differ from the official ones.",
                $"CI must run beside shared/datasets/{name} (the official files).");
        foreach (var f in dataset.Files)
            Assert.Equal(f.Sha256, await DatasetDownloader.Sha256OfFileAsync(Path.Combine(dir, f.Name)));
    }

    /// <summary>A 4-file data set with small IDX files served by a local handler from tmp/served.</summary>
    private static IdxDataset FakeDataset(TempDir tmp, out FileHandler handler)
    {
        string served = tmp.Combine("served");
        Directory.CreateDirectory(served);
        var files = new List<DatasetFile>();
        void Add(string name, Action<Stream> write)
        {
            string path = Path.Combine(served, name);
            using (var fs = File.Create(path)) write(fs);
            files.Add(new DatasetFile(name, new FileInfo(path).Length, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)))));
        }
        Add(IdxDataset.TrainImages + ".gz", s => Gzip(s, z => IdxFile.WriteImages(z, new byte[2 * 4], 2, 2, 2)));
        Add(IdxDataset.TrainLabels + ".gz", s => Gzip(s, z => IdxFile.WriteLabels(z, [0, 1])));
        Add(IdxDataset.TestImages + ".gz", s => Gzip(s, z => IdxFile.WriteImages(z, new byte[3 * 4], 3, 2, 2)));
        Add(IdxDataset.TestLabels + ".gz", s => Gzip(s, z => IdxFile.WriteLabels(z, [1, 0, 1])));
        handler = new FileHandler(u => Path.Combine(served, Path.GetFileName(u.AbsolutePath)));
        return new IdxDataset("fake", files, [new Uri("http://a.test/")], []);
    }

    private static void Gzip(Stream s, Action<Stream> write)
    {
        using var z = new System.IO.Compression.GZipStream(s, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true);
        write(z);
    }

    /// <summary>Serves local files for requested URIs (null or a missing file → 404); never touches the network.</summary>
    private sealed class FileHandler(Func<Uri, string?> map) : HttpMessageHandler
    {
        public List<string> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!;
            Requests.Add(uri.Host + uri.AbsolutePath);
            string? path = map(uri);
            if (path is null || !File.Exists(path)) return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
            var content = new StreamContent(File.OpenRead(path));
            content.Headers.ContentLength = new FileInfo(path).Length;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        }
    }

    /// <summary>
    /// A server that never answers the hosts <paramref name="map"/> maps to null (waits until cancelled), or, with
    /// <paramref name="stallAfter"/>, answers them with that many bytes and then no more.
    /// </summary>
    private sealed class SilentHandler(Func<Uri, string?> map, int? stallAfter = null) : HttpMessageHandler
    {
        private readonly FileHandler _files = new(map);

        public event Action? Stalled;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (map(request.RequestUri!) is not null)
                return await new HttpMessageInvoker(_files).SendAsync(request, cancellationToken);
            if (stallAfter is not int bytes)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                throw new InvalidOperationException("unreachable");
            }
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new StallingStream(bytes, () => Stalled?.Invoke())) };
        }
    }

    /// <summary>Yields <paramref name="bytes"/> zero bytes, then blocks every read until it is cancelled.</summary>
    private sealed class StallingStream(int bytes, Action stalled) : Stream
    {
        private int _left = bytes;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_left > 0)
            {
                int n = Math.Min(_left, buffer.Length);
                buffer.Span[..n].Clear();
                _left -= n;
                return n;
            }
            stalled();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }
    }

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
