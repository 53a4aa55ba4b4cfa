using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Nnfs.Tests;

/// <summary>
/// Which namespaces of an assembly use which others, read from its metadata: for every type, its base type,
/// interfaces, generic constraints, custom attributes, the signatures of its fields, methods and properties, and in
/// each method body its local variables and every type, field and method token of its IL.
/// </summary>
internal static class NamespaceDependencies
{
    private static readonly OpCode[] s_oneByte = new OpCode[0x100];
    private static readonly OpCode[] s_twoByte = new OpCode[0x100];

    static NamespaceDependencies()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var op = (OpCode)field.GetValue(null)!;
            ushort value = (ushort)op.Value;
            if (op.Size == 1) s_oneByte[value] = op;
            else s_twoByte[value & 0xFF] = op;
        }
    }

    /// <summary>For each namespace of the assembly at <paramref name="path"/> that is <paramref name="root"/> or
    /// under it, the other such namespaces its types use.</summary>
    public static Dictionary<string, SortedSet<string>> Read(string path, string root)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var result = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var handle in md.TypeDefinitions)
        {
            string ns = NamespaceOf(md, handle);
            if (!Under(ns, root)) continue;
            var found = new HashSet<string>(StringComparer.Ordinal);
            new Collector(md, pe, found).Type(handle);
            if (!result.TryGetValue(ns, out var uses)) result[ns] = uses = new SortedSet<string>(StringComparer.Ordinal);
            foreach (string used in found)
                if (used != ns && Under(used, root)) uses.Add(used);
        }
        return result;
    }

    /// <summary>
    /// Every use that goes against <paramref name="tiers"/> (lowest first: a namespace may use only namespaces of
    /// lower tiers), and every namespace missing from them, as lines such as <c>Nnfs.Kernels → Nnfs.Layers</c>.
    /// </summary>
    public static List<string> Violations(Dictionary<string, SortedSet<string>> uses, IReadOnlyList<string[]> tiers)
    {
        var tierOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int t = 0; t < tiers.Count; t++)
            foreach (string ns in tiers[t]) tierOf[ns] = t;
        var violations = new List<string>();
        foreach (var (ns, used) in uses.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!tierOf.TryGetValue(ns, out int tier))
            {
                violations.Add($"{ns} is not placed in the chain");
                continue;
            }
            foreach (string other in used)
                if (!tierOf.TryGetValue(other, out int otherTier) || otherTier >= tier)
                    violations.Add($"{ns} → {other}");
        }
        return violations;
    }

    private static bool Under(string ns, string root) =>
        ns == root || (ns.StartsWith(root, StringComparison.Ordinal) && ns.Length > root.Length && ns[root.Length] == '.');

    private static string NamespaceOf(MetadataReader md, TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        while (type.IsNested) type = md.GetTypeDefinition(type.GetDeclaringType());
        return md.GetString(type.Namespace);
    }

    // Records the namespace of every type definition a signature, token or handle names; references to other
    // assemblies are not recorded.
    private sealed class Collector(MetadataReader md, PEReader pe, HashSet<string> found) : ISignatureTypeProvider<bool, object?>
    {
        public void Type(TypeDefinitionHandle handle)
        {
            var type = md.GetTypeDefinition(handle);
            Entity(type.BaseType);
            foreach (var i in type.GetInterfaceImplementations()) Entity(md.GetInterfaceImplementation(i).Interface);
            GenericParameters(type.GetGenericParameters());
            Attributes(type.GetCustomAttributes());
            foreach (var f in type.GetFields())
            {
                var field = md.GetFieldDefinition(f);
                field.DecodeSignature(this, null);
                Attributes(field.GetCustomAttributes());
            }
            foreach (var p in type.GetProperties()) md.GetPropertyDefinition(p).DecodeSignature(this, null);
            foreach (var m in type.GetMethods())
            {
                var method = md.GetMethodDefinition(m);
                method.DecodeSignature(this, null);
                GenericParameters(method.GetGenericParameters());
                Attributes(method.GetCustomAttributes());
                if (method.RelativeVirtualAddress != 0) Body(pe.GetMethodBody(method.RelativeVirtualAddress));
            }
        }

        private void GenericParameters(GenericParameterHandleCollection parameters)
        {
            foreach (var g in parameters)
                foreach (var c in md.GetGenericParameter(g).GetConstraints()) Entity(md.GetGenericParameterConstraint(c).Type);
        }

        private void Attributes(CustomAttributeHandleCollection attributes)
        {
            foreach (var a in attributes) Entity(md.GetCustomAttribute(a).Constructor);
        }

        private void Body(MethodBodyBlock body)
        {
            if (!body.LocalSignature.IsNil) md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(this, null);
            var il = body.GetILReader();
            while (il.RemainingBytes > 0)
            {
                byte code = il.ReadByte();
                var op = code == 0xFE ? s_twoByte[il.ReadByte()] : s_oneByte[code];
                switch (op.OperandType)
                {
                    case OperandType.InlineField:
                    case OperandType.InlineMethod:
                    case OperandType.InlineTok:
                    case OperandType.InlineType:
                        Entity(MetadataTokens.EntityHandle(il.ReadInt32()));
                        break;
                    case OperandType.InlineSig:
                        md.GetStandaloneSignature((StandaloneSignatureHandle)MetadataTokens.EntityHandle(il.ReadInt32())).DecodeMethodSignature(this, null);
                        break;
                    case OperandType.InlineSwitch:
                        int targets = il.ReadInt32();
                        il.Offset += 4 * targets;
                        break;
                    case OperandType.InlineNone:
                        break;
                    case OperandType.ShortInlineBrTarget:
                    case OperandType.ShortInlineI:
                    case OperandType.ShortInlineVar:
                        il.Offset += 1;
                        break;
                    case OperandType.InlineVar:
                        il.Offset += 2;
                        break;
                    case OperandType.InlineI8:
                    case OperandType.InlineR:
                        il.Offset += 8;
                        break;
                    default:
                        il.Offset += 4;
                        break;
                }
            }
        }

        private void Entity(EntityHandle handle)
        {
            if (handle.IsNil) return;
            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    found.Add(NamespaceOf(md, (TypeDefinitionHandle)handle));
                    break;
                case HandleKind.TypeSpecification:
                    md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null);
                    break;
                case HandleKind.FieldDefinition:
                    var field = md.GetFieldDefinition((FieldDefinitionHandle)handle);
                    found.Add(NamespaceOf(md, field.GetDeclaringType()));
                    field.DecodeSignature(this, null);
                    break;
                case HandleKind.MethodDefinition:
                    var method = md.GetMethodDefinition((MethodDefinitionHandle)handle);
                    found.Add(NamespaceOf(md, method.GetDeclaringType()));
                    method.DecodeSignature(this, null);
                    break;
                case HandleKind.MemberReference:
                    var member = md.GetMemberReference((MemberReferenceHandle)handle);
                    Entity(member.Parent);
                    if (member.GetKind() == MemberReferenceKind.Field) member.DecodeFieldSignature(this, null);
                    else member.DecodeMethodSignature(this, null);
                    break;
                case HandleKind.MethodSpecification:
                    var spec = md.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Entity(spec.Method);
                    spec.DecodeSignature(this, null);
                    break;
            }
        }

        public bool GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            found.Add(NamespaceOf(md, handle));
            return true;
        }

        public bool GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => true;

        public bool GetTypeFromSpecification(MetadataReader reader, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
            md.GetTypeSpecification(handle).DecodeSignature(this, context);

        public bool GetArrayType(bool elementType, ArrayShape shape) => true;
        public bool GetByReferenceType(bool elementType) => true;
        public bool GetFunctionPointerType(MethodSignature<bool> signature) => true;
        public bool GetGenericInstantiation(bool genericType, ImmutableArray<bool> typeArguments) => true;
        public bool GetGenericMethodParameter(object? genericContext, int index) => true;
        public bool GetGenericTypeParameter(object? genericContext, int index) => true;
        public bool GetModifiedType(bool modifier, bool unmodifiedType, bool isRequired) => true;
        public bool GetPinnedType(bool elementType) => true;
        public bool GetPointerType(bool elementType) => true;
        public bool GetPrimitiveType(PrimitiveTypeCode typeCode) => true;
        public bool GetSZArrayType(bool elementType) => true;
    }
}
