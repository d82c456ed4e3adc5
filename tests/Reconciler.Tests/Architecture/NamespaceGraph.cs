using System.Reflection;
using System.Reflection.Emit;

namespace Reconciler.Tests.Architecture;

/// <summary>
/// Which rooms (top-level namespaces) of one assembly use which others, read from the compiled code: signatures,
/// base types, attributes and every type, method and field token in method bodies (lambdas and
/// async state machines included, as nested types of the code that wrote them). Source `using`
/// lines would miss fully qualified names and over-count unused imports; the IL does neither.
/// </summary>
internal sealed class NamespaceGraph
{
    private static readonly OpCode[] OneByte = new OpCode[0x100];

    private static readonly OpCode[] TwoByte = new OpCode[0x100];

    private const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    static NamespaceGraph()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var op = (OpCode)field.GetValue(null)!;
            var value = (ushort)op.Value;
            if (value < 0x100)
            {
                OneByte[value] = op;
            }
            else if ((value & 0xff00) == 0xfe00)
            {
                TwoByte[value & 0xff] = op;
            }
        }
    }

    private readonly Assembly _assembly;

    /// <summary>From namespace to the namespaces it uses, each with one example (user -> used type).</summary>
    public Dictionary<string, Dictionary<string, string>> Edges { get; } = new(StringComparer.Ordinal);

    /// <summary>From namespace to the full names of the types of this assembly it uses.</summary>
    public Dictionary<string, HashSet<string>> Types { get; } = new(StringComparer.Ordinal);

    private NamespaceGraph(Assembly assembly) => _assembly = assembly;

    public static NamespaceGraph Of(Assembly assembly)
    {
        var graph = new NamespaceGraph(assembly);
        foreach (var type in assembly.GetTypes())
        {
            graph.Scan(type);
        }

        return graph;
    }

    public bool UsesType(string from, Type type) => Types.TryGetValue(from, out var types) && types.Contains(type.FullName!);

    public bool Uses(string from, string to) => Edges.TryGetValue(from, out var targets) && targets.ContainsKey(to);

    /// <summary>Groups of namespaces that reach each other (strongly connected components larger than one).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new List<IReadOnlyList<string>>();
        var next = 0;

        void Visit(string node)
        {
            index[node] = low[node] = next++;
            stack.Push(node);
            onStack.Add(node);
            foreach (var target in Edges.TryGetValue(node, out var t) ? t.Keys : Enumerable.Empty<string>())
            {
                if (!index.ContainsKey(target))
                {
                    Visit(target);
                    low[node] = Math.Min(low[node], low[target]);
                }
                else if (onStack.Contains(target) && index.TryGetValue(target, out var targetIndex))
                {
                    low[node] = Math.Min(low[node], targetIndex);
                }
            }

            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                if (component.Count > 1)
                {
                    component.Sort(StringComparer.Ordinal);
                    cycles.Add(component);
                }
            }
        }

        foreach (var node in Edges.Keys.ToList())
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return cycles;
    }

    /// <summary>The cycles with the example uses inside them, for a failure message that says where to look.</summary>
    public string Describe(IReadOnlyList<string> cycle) =>
        string.Join("; ", cycle.SelectMany(from => cycle
            .Where(to => Uses(from, to))
            .Select(to => $"{from} -> {to} ({Edges[from][to]})")));

    private void Scan(Type type)
    {
        var from = Room(type.Namespace);
        void Use(Type? used)
        {
            foreach (var t in Flatten(used))
            {
                if (t.Assembly == _assembly && t.FullName is { } name)
                {
                    if (!Types.TryGetValue(from, out var types))
                    {
                        Types[from] = types = new(StringComparer.Ordinal);
                    }

                    types.Add(name);
                }

                if (t.Assembly == _assembly && t.Namespace is not null && Room(t.Namespace) is var to && !string.Equals(to, from, StringComparison.Ordinal))
                {
                    if (!Edges.TryGetValue(from, out var targets))
                    {
                        Edges[from] = targets = new(StringComparer.Ordinal);
                    }

                    targets.TryAdd(to, $"{type.FullName} uses {t.FullName}");
                }
            }
        }

        Use(type.BaseType);
        foreach (var i in type.GetInterfaces())
        {
            Use(i);
        }

        foreach (var a in type.GetCustomAttributesData())
        {
            Use(a.AttributeType);
        }

        foreach (var field in type.GetFields(Everything))
        {
            Use(field.FieldType);
        }

        foreach (var property in type.GetProperties(Everything))
        {
            Use(property.PropertyType);
        }

        foreach (var method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            if (method is MethodInfo info)
            {
                Use(info.ReturnType);
            }

            foreach (var parameter in method.GetParameters())
            {
                Use(parameter.ParameterType);
            }

            foreach (var local in method.GetMethodBody()?.LocalVariables ?? [])
            {
                Use(local.LocalType);
            }

            foreach (var member in BodyMembers(method))
            {
                Use(member as Type ?? member.DeclaringType);
                if (member is FieldInfo f)
                {
                    Use(f.FieldType);
                }
                else if (member is MethodInfo m)
                {
                    Use(m.ReturnType);
                    foreach (var g in m.IsGenericMethod ? m.GetGenericArguments() : [])
                    {
                        Use(g);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The room a namespace belongs to: its first folder (Reconciler.Spec.Binding is part of
    /// Reconciler.Spec). A room's sub-folders may use each other; rooms may not form circles.
    /// </summary>
    private static string Room(string? ns)
    {
        var parts = (ns ?? "").Split('.');
        return parts.Length <= 2 ? ns ?? "" : $"{parts[0]}.{parts[1]}";
    }

    /// <summary>The type with its element and generic argument types.</summary>
    private static IEnumerable<Type> Flatten(Type? type)
    {
        if (type is null || type.IsGenericParameter)
        {
            yield break;
        }

        if (type.HasElementType)
        {
            foreach (var t in Flatten(type.GetElementType()))
            {
                yield return t;
            }

            yield break;
        }

        yield return type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                foreach (var t in Flatten(argument))
                {
                    yield return t;
                }
            }
        }
    }

    /// <summary>Types, methods and fields named by tokens in a method body.</summary>
    private static IEnumerable<MemberInfo> BodyMembers(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        var typeArguments = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var i = 0;
        while (i < il.Length)
        {
            OpCode op;
            if (il[i] == 0xfe)
            {
                op = TwoByte[il[i + 1]];
                i += 2;
            }
            else
            {
                op = OneByte[il[i]];
                i++;
            }

            switch (op.OperandType)
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                    MemberInfo? member = null;
                    try
                    {
                        member = method.Module.ResolveMember(BitConverter.ToInt32(il, i), typeArguments, methodArguments);
                    }
                    catch (ArgumentException)
                    {
                        // A token the runtime cannot resolve outside its generic context: nothing of ours.
                    }

                    if (member is not null)
                    {
                        yield return member;
                    }

                    i += 4;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    i += 8;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + (4 * BitConverter.ToInt32(il, i));
                    break;
                default:
                    i += 4;
                    break;
            }
        }
    }
}
