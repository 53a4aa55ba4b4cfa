// Fixtures for NamespaceDependencyTests.PlantedViolationIsCaught: namespaces that use each other in known ways.
#pragma warning disable CS1591

namespace Nnfs.Tests.Planted.Low
{
    public sealed class Lower
    {
        public static int Value() => 1;

        // A use seen only in the IL of a method body: a call to a type of a higher namespace.
        public static int CallsUp() => High.Higher.Value();
    }
}

namespace Nnfs.Tests.Planted.High
{
    public static class Higher
    {
        public static Low.Lower[]? Field;

        public static int Value() => 2;
    }
}

namespace Nnfs.Tests.Planted.Generic
{
    public static class UsesAsGenericArgument
    {
        public static int Count() => new List<Low.Lower[]>().Count;
    }
}

namespace Nnfs.Tests.Planted.Token
{
    public static class UsesTypeof
    {
        public static string Name() => typeof(Low.Lower).Name;
    }
}
