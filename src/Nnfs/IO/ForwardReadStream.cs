namespace Nnfs.IO;

/// <summary>
/// The base of the library's read-only, forward-only streams (a decompressed gzip member, a byte range of a file):
/// everything but reading is refused with <see cref="NotSupportedException"/>, and <see cref="Stream.Position"/>
/// reports the bytes read so far.
/// </summary>
internal abstract class ForwardReadStream : Stream
{
    /// <summary>The bytes this stream has returned so far.</summary>
    protected abstract long BytesRead { get; }

    /// <inheritdoc/>
    public abstract override int Read(Span<byte> buffer);

    /// <inheritdoc/>
    public sealed override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public sealed override bool CanRead => true;

    /// <inheritdoc/>
    public sealed override bool CanSeek => false;

    /// <inheritdoc/>
    public sealed override bool CanWrite => false;

    /// <inheritdoc/>
    public sealed override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public sealed override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public sealed override void Flush() { }

    /// <inheritdoc/>
    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public sealed override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public sealed override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
