namespace Nnfs.Serialization;

/// <summary>One tensor of a safetensors header: its name, shape and data offsets (the dtype is always F32).</summary>
/// <param name="Name">The tensor's name, a key of the header.</param>
/// <param name="Rows">The first dimension of its shape (1 for a vector).</param>
/// <param name="Columns">The second dimension of its shape (a vector's only one).</param>
/// <param name="Begin">Its first byte, relative to the start of the data section.</param>
/// <param name="End">One past its last byte; <c>End − Begin = 4 · Rows · Columns</c>.</param>
/// <param name="Vector">True for a 1-D tensor of shape <c>[Columns]</c> (written only, for other tools; model files
/// hold 2-D tensors).</param>
internal readonly record struct TensorEntry(string Name, int Rows, int Columns, long Begin, long End, bool Vector = false);
