using System.Reflection;
using System.Text.RegularExpressions;

using Reconciler.Http;
using Reconciler.Execution;
using Reconciler.Settings;
using Reconciler.Tests.Cli;
using YamlDotNet.RepresentationModel;

namespace Reconciler.Tests.Packaging;

/// <summary>
/// No helm binary exists here, so the chart cannot be rendered in CI. These tests check what
/// can be checked without it: every template is YAML once its template expressions are
/// removed, every value a template reads is in values.yaml, and ports, probes and settings keys
/// agree with the service.
/// </summary>
public sealed partial class HelmChartTests
{
    private static readonly string Chart = Path.Combine(ReconcilerProcess.RepoRoot, "charts", "reconciler");

    public static TheoryData<string> Templates()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Chart, "templates"), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    private static string Template(string name) => File.ReadAllText(Path.Combine(Chart, "templates", name));

    /// <summary>The template with every {{ ... }} removed and lines left empty by that dropped.</summary>
    private static string Stripped(string text) =>
        string.Join('\n', text.Split('\n')
            .Select(line => (Original: line, Stripped: Expression().Replace(line, "")))
            .Where(l => l.Stripped.Trim().Length > 0 || l.Original.Trim().Length == 0)
            .Select(l => l.Stripped));

    private static YamlMappingNode Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Template_IsYamlOnceExpressionsAreStripped(string template)
    {
        var root = Parse(Stripped(Template(template)));

        Assert.True(root.Children.ContainsKey("apiVersion"), template);
        Assert.True(root.Children.ContainsKey("kind"), template);
    }

    [Fact]
    public void EveryValueATemplateReads_IsInValuesYaml()
    {
        var values = Parse(File.ReadAllText(Path.Combine(Chart, "values.yaml")));
        var texts = Directory.GetFiles(Path.Combine(Chart, "templates")).Select(File.ReadAllText);
        var references = texts.SelectMany(t => ValuesReference().Matches(t)).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.NotEmpty(references);
        Assert.All(references, path =>
        {
            YamlNode node = values;
            foreach (var key in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
            {
                Assert.True(node is YamlMappingNode map && map.Children.ContainsKey(key), $".Values{path} is not in values.yaml");
                node = ((YamlMappingNode)node)[key];
            }
        });
    }

    [Fact]
    public void Deployment_PortsAndProbes_MatchTheService()
    {
        var deployment = Parse(Stripped(Template("deployment.yaml")));
        var spec = (YamlMappingNode)deployment["spec"];
        var container = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)spec["template"])["spec"])["containers"]).Children[0];
        var port = ((YamlMappingNode)((YamlSequenceNode)container["ports"]).Children[0])["containerPort"].ToString();
        var configMap = Template("configmap.yaml");
        var servicePort = Parse(File.ReadAllText(Path.Combine(Chart, "values.yaml")))["service"]["port"].ToString();

        Assert.Equal("1", spec["replicas"].ToString());
        Assert.Equal("Recreate", spec["strategy"]["type"].ToString());
        Assert.Equal(new Uri(new HttpSettings().Listen).Port.ToString(System.Globalization.CultureInfo.InvariantCulture), port);
        Assert.Equal(port, servicePort);
        Assert.Contains($"\"Listen\" \"http://0.0.0.0:{port}\"", configMap, StringComparison.Ordinal);
        Assert.Equal(HttpApi.HealthPath, container["livenessProbe"]["httpGet"]["path"].ToString());
        Assert.Equal(HttpApi.ReadyPath, container["readinessProbe"]["httpGet"]["path"].ToString());
        Assert.Contains("/hooks/git", Template("ingress.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public void Ingress_FailsToRenderWithoutTheWebhookSecret()
    {
        // The service accepts unsigned pushes when it has no secret (handy on loopback); exposed
        // to the internet through the Ingress, that must not happen.
        var ingress = Template("ingress.yaml");
        var guard = ingress.IndexOf("{{- if not .Values.http.webhookSecret }}", StringComparison.Ordinal);
        var fail = ingress.IndexOf("{{- fail ", StringComparison.Ordinal);

        Assert.True(guard >= 0 && fail > guard, "ingress.yaml must fail when http.webhookSecret is empty");
        Assert.True(fail < ingress.IndexOf("kind: Ingress", StringComparison.Ordinal), "the check must come before the Ingress is written");
    }

    [Fact]
    public void PodSecurity_IsNonRootReadOnlyWithNoCapabilities()
    {
        var values = Parse(File.ReadAllText(Path.Combine(Chart, "values.yaml")));

        Assert.Equal("true", values["podSecurityContext"]["runAsNonRoot"].ToString());
        Assert.Equal("true", values["securityContext"]["readOnlyRootFilesystem"].ToString());
        Assert.Equal("false", values["securityContext"]["allowPrivilegeEscalation"].ToString());
        Assert.Equal("ALL", ((YamlSequenceNode)values["securityContext"]["capabilities"]["drop"]).Children.Single().ToString());
    }

    [Fact]
    public void ConfigMap_WritesOnlySettingsTheServiceKnows()
    {
        var known = new HashSet<string>(StringComparer.Ordinal) { "Reconciler" };
        foreach (var type in new[] { typeof(ServiceOptions), typeof(SourceSettings), typeof(HttpSettings), typeof(AlertSettings), typeof(AlertChannelOptions), typeof(ClusterSettings), typeof(ExecutorOptions) })
        {
            known.UnionWith(type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name));
        }

        var keys = SettingKey().Matches(Template("configmap.yaml")).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.Contains("Repository", keys);
        Assert.All(keys, k => Assert.True(known.Contains(k), $"the chart writes setting {k}, which the service does not read"));
    }

    [GeneratedRegex(@"\{\{.*?\}\}")]
    private static partial Regex Expression();

    [GeneratedRegex(@"\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)")]
    private static partial Regex ValuesReference();

    [GeneratedRegex(@"""([A-Z][A-Za-z]+)""")]
    private static partial Regex SettingKey();
}
