using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Reconciler.Spec.Schema;

namespace Reconciler.Tests.Spec.Schema;

/// <summary>The generated JSON Schema: committed as generated, complete, and describing what the loader accepts.</summary>
public class JsonSchemaWriterTests
{
    private const string SchemaPath = "specs/schema/gpucluster.schema.json";

    private static readonly JsonObject Schema = JsonNode.Parse(JsonSchemaWriter.Write())!.AsObject();

    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static JsonObject Defs => Schema["$defs"]!.AsObject();

    public static TheoryData<string> ExampleFiles() =>
        [.. Directory.EnumerateFiles(RepoRoot.File("specs/examples"), "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> ReachableObjectNames() => [.. Reachable().Select(o => o.Name)];

    [Fact]
    public void CommittedSchema_IsExactlyTheGeneratedOne()
    {
        var committed = File.ReadAllText(RepoRoot.File(SchemaPath));

        Assert.True(committed == JsonSchemaWriter.Write(),
            $"{SchemaPath} is not what SpecSchema generates; regenerate it from the repository root with: " +
            $"dotnet run --project src/Reconciler -- schema > {SchemaPath}");
    }

    [Fact]
    public void Output_IsDeterministicPrettyJsonWithTwoSpaceIndentAndTrailingNewline()
    {
        var text = JsonSchemaWriter.Write();

        Assert.Equal(text, JsonSchemaWriter.Write());
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', text);
        Assert.DoesNotContain('\t', text);
        Assert.StartsWith("{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n  \"$id\": ", text, StringComparison.Ordinal);
        Assert.All(text.Split('\n').Where(l => l.Length > 0), line => Assert.Equal(0, (line.Length - line.TrimStart(' ').Length) % 2));
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(text).RootElement.ValueKind);
    }

    [Fact]
    public void Root_DescribesTheDocumentAndRefersToIt()
    {
        Assert.Equal(JsonSchemaWriter.Id, (string)Schema["$id"]!);
        Assert.Equal(SpecSchema.Document.Name, (string)Schema["title"]!);
        Assert.Equal(SpecSchema.Document.Description, (string)Schema["description"]!);
        Assert.Equal($"#/$defs/{SpecSchema.Document.Name}", (string)Schema["$ref"]!);
    }

    [Fact]
    public void Defs_HoldExactlyTheReachableObjects()
    {
        Assert.Equal(Reachable().Select(o => o.Name), Defs.Select(d => d.Key));
    }

    [Theory]
    [MemberData(nameof(ReachableObjectNames))]
    public void EveryObject_HasItsFieldsRequiredKeysAndChoices(string name)
    {
        var type = Reachable().Single(o => o.Name == name);
        var def = Defs[name]!.AsObject();

        Assert.Equal(type.Description, (string)def["description"]!);
        Assert.Equal(type.Fields.Select(f => f.Key), def["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal(type.Fields.Where(f => f.Required).Select(f => f.Key), Strings(def["required"]));
        Assert.False((bool)def["additionalProperties"]!);
        Assert.Equal(type.ExactlyOneOf, def["oneOf"]?.AsArray().SelectMany(a => Strings(a!["required"])) ?? []);
        Assert.Equal(type.AnyOf, def["anyOf"]?.AsArray().SelectMany(a => Strings(a!["required"])) ?? []);
        foreach (var field in type.Fields)
        {
            var property = def["properties"]![field.Key]!.AsObject();
            Assert.Equal(field.Description, (string)property["description"]!);
            if (field.Kind is FieldKind.Enum)
            {
                Assert.Equal(field.Values, Strings(property["enum"]));
            }

            if (field.Kind is FieldKind.String or FieldKind.Size or FieldKind.Duration or FieldKind.TimeOfDay && field.Pattern is not null)
            {
                Assert.Equal(field.Pattern, (string)property["pattern"]!);
            }

            if (field.Minimum is { } min && field.Kind is FieldKind.Integer)
            {
                Assert.Equal(min, (long)property["minimum"]!);
            }
        }
    }

    [Fact]
    public void ExactlyOneOf_ForbidsTheOtherKeyInEachAlternative()
    {
        var alternatives = Defs["GpuRequest"]!["oneOf"]!.AsArray();

        Assert.Equal("""{"required":["partition"],"not":{"required":["dda"]}}""", Compact(alternatives[0]!));
        Assert.Equal("""{"required":["dda"],"not":{"required":["partition"]}}""", Compact(alternatives[1]!));
    }

    [Fact]
    public void FieldKinds_AreWrittenAsTheBinderReadsThem()
    {
        var vram = Defs["PartitionRequest"]!["properties"]!["vram"]!.DeepClone().AsObject();
        vram.Remove("description");
        Assert.Equal("""{"type":["string","integer"],"pattern":"^[0-9]+(\\.[0-9]+)?\\s*(B|KiB|MiB|GiB|TiB|KB|MB|GB|TB)?$","minimum":0}""", Compact(vram));
        var maxUnavailable = Defs["Policy"]!["properties"]!["maxUnavailable"]!;
        Assert.Equal("""[{"type":"integer","minimum":1},{"type":"string","pattern":"^([1-9][0-9]?|100)%$"}]""", Compact(maxUnavailable["oneOf"]!));
        Assert.Equal(1, (int)maxUnavailable["default"]!);
        var days = Defs["Window"]!["properties"]!["days"]!;
        Assert.Equal("array", (string)days["type"]!);
        Assert.Equal(1, (int)days["minItems"]!);
        Assert.Equal(SpecSchema.Days, Strings(days["items"]!["enum"]));
        Assert.Equal(SpecSchema.DurationPattern, (string)Defs["Shutdown"]!["properties"]!["timeout"]!["pattern"]!);
        Assert.False((bool)Defs["GpuClusterSpec"]!["properties"]!["failoverCluster"]!["default"]!);
    }

    [Fact]
    public void NullIsAllowed_ExactlyWhereTheBinderReadsItAsAValidEmptyMapping()
    {
        foreach (var type in Reachable())
        {
            var accepts = new MiniSchemaChecker(Schema).Check(Defs[type.Name]!.AsObject(), null).Count == 0;
            var emptyIsValid = new MiniSchemaChecker(Schema).Check(Defs[type.Name]!.AsObject(), new JsonObject()).Count == 0;
            Assert.True(accepts == emptyIsValid, $"{type.Name}: null accepted {accepts}, empty mapping valid {emptyIsValid}");
        }
    }

    [Fact]
    public void EveryDefault_IsValidForItsField()
    {
        var checker = new MiniSchemaChecker(Schema);
        foreach (var (name, def) in Defs)
        {
            foreach (var (key, property) in def!["properties"]!.AsObject().Where(p => p.Value!["default"] is not null))
            {
                Assert.True(checker.Check(property!.AsObject(), property["default"]!.DeepClone()) is [], $"{name}.{key}: default is not valid");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void ExampleSpecs_PassTheSchema(string file)
    {
        var documents = YamlToJson.Documents(File.ReadAllText(RepoRoot.File($"specs/examples/{file}")));

        Assert.NotEmpty(documents);
        Assert.All(documents, d => Assert.Empty(new MiniSchemaChecker(Schema).Check(d)));
    }

    private static string Compact(JsonNode node) => node.ToJsonString(Unescaped);

    private static IEnumerable<string> Strings(JsonNode? array) => array?.AsArray().Select(n => (string)n!) ?? [];

    /// <summary>Every object type the document reaches, depth first; worked out here, not by the writer under test.</summary>
    private static List<SchemaObject> Reachable()
    {
        var found = new List<SchemaObject>();
        void Visit(SchemaObject type)
        {
            if (found.Exists(o => ReferenceEquals(o, type)))
            {
                return;
            }

            found.Add(type);
            foreach (var field in type.Fields.Where(f => f.Object is not null))
            {
                Visit(field.Object!);
            }
        }

        Visit(SpecSchema.Document);
        return found;
    }
}
