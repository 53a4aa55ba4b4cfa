namespace Nnfs.Onnx;

/// <summary>
/// The field numbers of the few ONNX IR messages the exporter writes, as fixed by the ONNX IR specification
/// (<c>onnx.proto</c>); only the fields Nnfs uses are listed.
/// </summary>
internal static class OnnxFields
{
    /// <summary><c>ModelProto</c>: the file's top-level message.</summary>
    public static class Model
    {
        public const int IrVersion = 1, ProducerName = 2, ProducerVersion = 3, Domain = 4, ModelVersion = 5, DocString = 6,
            Graph = 7, OpsetImport = 8, MetadataProps = 14;
    }

    /// <summary><c>StringStringEntryProto</c>: one entry of the model's <c>metadata_props</c>.</summary>
    public static class StringStringEntry
    {
        public const int Key = 1, Value = 2;
    }

    /// <summary><c>OperatorSetIdProto</c>: an operator set and its version.</summary>
    public static class OperatorSetId
    {
        public const int Domain = 1, Version = 2;
    }

    /// <summary><c>GraphProto</c>: nodes, constant tensors, inputs and outputs.</summary>
    public static class Graph
    {
        public const int Node = 1, Name = 2, Initializer = 5, DocString = 10, Input = 11, Output = 12;
    }

    /// <summary><c>NodeProto</c>: one operator call.</summary>
    public static class Node
    {
        public const int Input = 1, Output = 2, Name = 3, OpType = 4, Attribute = 5, DocString = 6, Domain = 7;
    }

    /// <summary><c>AttributeProto</c>: a named operator attribute; <see cref="Type"/> says which value field is set.</summary>
    public static class Attribute
    {
        public const int Name = 1, F = 2, I = 3, Type = 20;

        /// <summary><c>AttributeType.FLOAT</c>.</summary>
        public const int TypeFloat = 1;

        /// <summary><c>AttributeType.INT</c>.</summary>
        public const int TypeInt = 2;
    }

    /// <summary><c>TensorProto</c>: a constant tensor, row-major.</summary>
    public static class Tensor
    {
        public const int Dims = 1, DataType = 2, Name = 8, RawData = 9;

        /// <summary><c>DataType.FLOAT</c>: IEEE-754 binary32; in <c>raw_data</c>, little-endian.</summary>
        public const int DataTypeFloat = 1;
    }

    /// <summary><c>ValueInfoProto</c>: a named value and its type.</summary>
    public static class ValueInfo
    {
        public const int Name = 1, Type = 2, DocString = 3;
    }

    /// <summary><c>TypeProto</c> (field <c>tensor_type</c>) and <c>TypeProto.Tensor</c>.</summary>
    public static class Type
    {
        public const int TensorType = 1, ElemType = 1, Shape = 2;
    }

    /// <summary><c>TensorShapeProto</c> and its <c>Dimension</c>: a fixed size or a named, variable one.</summary>
    public static class Shape
    {
        public const int Dim = 1, DimValue = 1, DimParam = 2;
    }
}
