using System.Reflection;

namespace Naswot.Tests.Common;

/// <summary>The library's public surface is its own: third-party types stay behind small types of ours.</summary>
public sealed class PublicApiTests
{
    private static readonly string[] ThirdParty = ["Microsoft.ML.OnnxRuntime", "OnnxSharp", "Google.Protobuf", "Microsoft.Data.Sqlite", "Razorvine.Pickle"];

    [Fact]
    public void No_public_member_exposes_a_third_party_type()
    {
        var leaks = new List<string>();
        foreach (var type in typeof(SearchSpaces).Assembly.GetExportedTypes())
        {
            Check(type.BaseType, $"{type} base");
            foreach (var face in type.GetInterfaces()) Check(face, $"{type} implements");
            const BindingFlags Visible = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var member in type.GetMembers(Visible | BindingFlags.NonPublic).Where(IsVisible))
            {
                switch (member)
                {
                    case PropertyInfo p: Check(p.PropertyType, $"{type}.{p.Name}"); break;
                    case FieldInfo f: Check(f.FieldType, $"{type}.{f.Name}"); break;
                    case MethodBase m:
                        if (m is MethodInfo mi) Check(mi.ReturnType, $"{type}.{m.Name} returns");
                        foreach (var parameter in m.GetParameters()) Check(parameter.ParameterType, $"{type}.{m.Name}({parameter.Name})");
                        break;
                }
            }
        }
        Assert.Empty(leaks);

        void Check(Type? t, string where)
        {
            if (t is null) return;
            if (t.HasElementType) Check(t.GetElementType(), where);
            if (t.IsGenericType) foreach (var argument in t.GetGenericArguments()) Check(argument, where);
            string assembly = t.Assembly.GetName().Name ?? "";
            if (ThirdParty.Any(assembly.StartsWith)) leaks.Add($"{where}: {t.FullName} ({assembly})");
        }
    }

    private static bool IsVisible(MemberInfo member) => member switch
    {
        MethodBase m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly,
        FieldInfo f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly,
        PropertyInfo p => p.GetAccessors(nonPublic: true).Any(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly),
        _ => false,
    };
}
