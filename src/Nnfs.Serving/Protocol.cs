using Nnfs.Onnx;

namespace Nnfs.Serving;

/// <summary>The names and values of the Open Inference Protocol (V2) that the server uses.</summary>
/// <remarks>The tensor names are the ONNX exporter's, so a request works unchanged against Triton or KServe serving
/// the exported model.</remarks>
internal static class Protocol
{
    /// <summary>The input tensor's name: <see cref="OnnxExporter.InputName"/>.</summary>
    public const string InputName = OnnxExporter.InputName;

    /// <summary>The output tensor's name: <see cref="OnnxExporter.OutputName"/>.</summary>
    public const string OutputName = OnnxExporter.OutputName;

    /// <summary>The only datatype accepted and returned: 32-bit floats.</summary>
    public const string DataType = "FP32";

    /// <summary>The one version of the served model.</summary>
    public const string ModelVersion = "1";

    /// <summary>The platform reported in the model metadata.</summary>
    public const string Platform = "nnfs";

    /// <summary>The server's name in the server metadata.</summary>
    public const string ServerName = "nnfs";
}
