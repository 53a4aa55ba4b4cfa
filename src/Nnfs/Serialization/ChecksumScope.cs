namespace Nnfs.Serialization;

/// <summary>What the <see cref="SafeTensorsFile.ChecksumKey"/> entry of a file that was read covers.</summary>
public enum ChecksumScope
{
    /// <summary>The file has no checksum (or was not read from a file).</summary>
    None,

    /// <summary>
    /// The SHA-256 of the data section alone, as version-1 nnfs files and other writers store it: the header (tensor
    /// names, shapes, offsets, metadata) is not covered.
    /// </summary>
    Data,

    /// <summary>
    /// The SHA-256 of the canonical header without the checksum entry followed by the data section, as
    /// <see cref="SafeTensorsWriter"/> writes it (nnfs format version 2): every tensor entry and every other metadata
    /// entry is covered.
    /// </summary>
    HeaderAndData,
}
