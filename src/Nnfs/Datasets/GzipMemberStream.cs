using Nnfs.IO;
using System.Buffers.Binary;
using System.IO.Compression;

namespace Nnfs.Datasets;

/// <summary>
/// Decompresses a file holding exactly one gzip member (RFC 1952), checking what <see cref="GZipStream"/> leaves
/// unchecked: the header's reserved flags and optional header CRC, the trailer's CRC-32 and ISIZE against the data, and
/// that nothing (a second member, garbage) lies between the end of the compressed data and the trailer.
/// </summary>
/// <remarks>
/// The trailer is taken to be the file's last 8 bytes, and the deflate data everything between the header and it.
/// Reading returns the decompressed bytes; the read that reaches their end (returning 0) verifies the member and
/// throws <see cref="InvalidDataException"/> (message without the file name, which the caller adds) when it is
/// truncated, followed by more bytes, or disagrees with its trailer. <see cref="RecordedLength"/> is the trailer's
/// ISIZE, available before decompressing as a hint that the end of the data confirms.
/// </remarks>
internal sealed class GzipMemberStream : ForwardReadStream
{
    private const int HeaderBytes = 10, TrailerBytes = 8;
    private const byte FlagHeaderCrc = 0x02, FlagExtra = 0x04, FlagName = 0x08, FlagComment = 0x10, ReservedFlags = 0xE0;

    private readonly DeflateBody _body;
    private readonly DeflateStream _deflate;
    private readonly uint _recordedCrc;
    private uint _crc;
    private bool _verified;

    private GzipMemberStream(FileStream file, long bodyStart, long bodyEnd, uint recordedCrc, uint recordedLength)
    {
        _body = new DeflateBody(file, bodyStart, bodyEnd);
        _deflate = new DeflateStream(_body, CompressionMode.Decompress);
        _recordedCrc = recordedCrc;
        RecordedLength = recordedLength;
    }

    /// <summary>The uncompressed length modulo 2³² that the trailer records (ISIZE); verified at the end.</summary>
    public uint RecordedLength { get; }

    /// <summary>The size of the compressed file in bytes.</summary>
    public long CompressedLength => _body.FileLength;

    /// <summary>The bytes decompressed so far.</summary>
    public long Produced { get; private set; }

    /// <summary>
    /// Parses the header and trailer of the gzip file <paramref name="file"/> (seekable, at its start) and returns a
    /// stream of its decompressed bytes that owns the file.
    /// </summary>
    /// <exception cref="InvalidDataException">The header or the file's size is not that of a gzip member; the message
    /// starts with <paramref name="name"/>.</exception>
    public static GzipMemberStream Open(FileStream file, string name)
    {
        long length = file.Length;
        if (length < HeaderBytes + TrailerBytes)
            throw new InvalidDataException($"{name}: the file has {length} bytes, too short for a gzip member (at least {HeaderBytes + TrailerBytes}).");
        var reader = new HeaderReader(file, name, length - TrailerBytes);
        Span<byte> fixedPart = stackalloc byte[HeaderBytes];
        reader.Read(fixedPart);
        if (fixedPart[0] != 0x1F || fixedPart[1] != 0x8B)
            throw new InvalidDataException($"{name}: not a gzip file (it starts with 0x{fixedPart[0]:X2} 0x{fixedPart[1]:X2}, not 0x1F 0x8B).");
        if (fixedPart[2] != 8)
            throw new InvalidDataException($"{name}: the gzip compression method is {fixedPart[2]}; only 8 (deflate) exists.");
        byte flags = fixedPart[3];
        if ((flags & ReservedFlags) != 0)
            throw new InvalidDataException($"{name}: the gzip header sets reserved flag bits (flags 0x{flags:X2}).");
        if ((flags & FlagExtra) != 0)
        {
            Span<byte> xlen = stackalloc byte[2];
            reader.Read(xlen);
            reader.Skip(BinaryPrimitives.ReadUInt16LittleEndian(xlen));
        }
        if ((flags & FlagName) != 0) reader.SkipZeroTerminated();
        if ((flags & FlagComment) != 0) reader.SkipZeroTerminated();
        if ((flags & FlagHeaderCrc) != 0)
        {
            ushort expected = (ushort)reader.Crc;
            Span<byte> crc16 = stackalloc byte[2];
            reader.Read(crc16);
            ushort recorded = BinaryPrimitives.ReadUInt16LittleEndian(crc16);
            if (recorded != expected)
                throw new InvalidDataException($"{name}: the gzip header's CRC-16 is 0x{recorded:X4} but the header's bytes give 0x{expected:X4}.");
        }
        long bodyStart = file.Position;
        Span<byte> trailer = stackalloc byte[TrailerBytes];
        file.Position = length - TrailerBytes;
        file.ReadExactly(trailer);
        file.Position = bodyStart;
        return new GzipMemberStream(file, bodyStart, length - TrailerBytes,
            BinaryPrimitives.ReadUInt32LittleEndian(trailer), BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]));
    }

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        if (_verified || buffer.IsEmpty) return 0;
        int n = _deflate.Read(buffer);
        if (n > 0)
        {
            _crc = Crc32.Append(_crc, buffer[..n]);
            Produced += n;
            return n;
        }
        Verify();
        _verified = true;
        return 0;
    }

    private void Verify()
    {
        if (_body.ReadPastEnd)
            throw new InvalidDataException("the compressed data stops before its last block (file truncated?)");
        if (_body.Remaining > 0)
            throw new InvalidDataException(
                $"at least {_body.Remaining} bytes follow the compressed data (a second gzip member or trailing garbage; one member is expected)");
        if (_crc != _recordedCrc)
            throw new InvalidDataException($"the data's CRC-32 is 0x{_crc:X8} but the gzip trailer records 0x{_recordedCrc:X8}");
        if ((uint)Produced != RecordedLength)
            throw new InvalidDataException($"the data is {Produced} bytes but the gzip trailer records {RecordedLength} (modulo 2^32)");
    }

    /// <inheritdoc/>
    protected override long BytesRead => Produced;

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _deflate.Dispose();
            _body.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>Reads header fields byte-exactly, keeping their CRC-32 and never passing the trailer.</summary>
    private sealed class HeaderReader(FileStream file, string name, long limit)
    {
        public uint Crc { get; private set; }

        public void Read(Span<byte> buffer)
        {
            if (file.Position + buffer.Length > limit)
                throw new InvalidDataException($"{name}: the gzip header runs into the trailer; the file is truncated or not gzip.");
            file.ReadExactly(buffer);
            Crc = Crc32.Append(Crc, buffer);
        }

        public void Skip(int count)
        {
            Span<byte> chunk = stackalloc byte[256];
            while (count > 0)
            {
                int n = Math.Min(count, chunk.Length);
                Read(chunk[..n]);
                count -= n;
            }
        }

        public void SkipZeroTerminated()
        {
            Span<byte> one = stackalloc byte[1];
            do Read(one);
            while (one[0] != 0);
        }
    }

    /// <summary>
    /// The deflate data [start, end) of the file, handed to <see cref="DeflateStream"/> so that its last byte comes
    /// alone: the inflater asks for input only while its final block is unfinished, so it has consumed exactly the
    /// whole range when it ends with <see cref="Remaining"/> 0 and has not asked for more (<see cref="ReadPastEnd"/>).
    /// </summary>
    private sealed class DeflateBody(FileStream file, long start, long end) : ForwardReadStream
    {
        private long _read;

        private long Current => start + _read;

        public long Remaining => end - Current;

        public long FileLength => file.Length;

        public bool ReadPastEnd { get; private set; }

        public override int Read(Span<byte> buffer)
        {
            if (buffer.IsEmpty) return 0;
            long remaining = end - Current;
            if (remaining == 0)
            {
                ReadPastEnd = true;
                return 0;
            }
            int n = remaining == 1 ? 1 : (int)Math.Min(buffer.Length, remaining - 1);
            file.ReadExactly(buffer[..n]);
            _read += n;
            return n;
        }

        protected override long BytesRead => _read;

        protected override void Dispose(bool disposing)
        {
            if (disposing) file.Dispose();
            base.Dispose(disposing);
        }
    }
}
