namespace Nnfs;

/// <summary>
/// The <c>NNFS_ISA</c> environment variable names no instruction-set tier, e.g.
/// <c>NNFS_ISA is 'avx1024'; expected one of avx512, avx2, v128, v128-unfused, scalar (or auto).</c>
/// </summary>
/// <remarks>Thrown by <see cref="Engine.Tier"/> (and so by the first fast kernel called) until the variable is fixed
/// and the process restarted: the variable is read once, at start-up.</remarks>
public sealed class IsaSettingException : InvalidOperationException
{
    /// <summary>Creates the exception for the variable's <paramref name="value"/>.</summary>
    /// <param name="value">The value read from <c>NNFS_ISA</c>.</param>
    public IsaSettingException(string value)
        : base($"NNFS_ISA is '{value}'; expected one of avx512, avx2, v128, v128-unfused, scalar (or auto).") => Value = value;

    /// <summary>The value that was not understood.</summary>
    public string Value { get; }
}
