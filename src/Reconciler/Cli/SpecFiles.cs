using Reconciler.Diagnostics;
using Reconciler.Validation;
using Reconciler.Yaml;

namespace Reconciler.Cli;

/// <summary>Reads spec files from disk: files as given, directories recursively (*.yaml, *.yml), in a stable order.</summary>
internal static class SpecFiles
{
    public static (IReadOnlyList<SpecSource> Sources, IReadOnlyList<Diagnostic> Unreadable) Read(IEnumerable<string> paths, YamlLimits limits)
    {
        var sources = new List<SpecSource>();
        var unreadable = new List<Diagnostic>();
        foreach (var file in Expand(paths))
        {
            var display = Display(file);
            try
            {
                var length = new FileInfo(file).Length;
                if (length > limits.MaxFileBytes)
                {
                    // Refuse before reading: a hostile file must not cost its size in memory.
                    unreadable.Add(new Diagnostic(Codes.FileTooLarge, new SourceLocation(display, 1, 1),
                        $"file is {length / (1024 * 1024)} MiB, larger than the {limits.MaxFileBytes / (1024 * 1024)} MiB limit; split the cluster specs into several files"));
                    continue;
                }

                sources.Add(new SpecSource(display, File.ReadAllText(file)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                unreadable.Add(new Diagnostic(Codes.UnreadableFile, SourceLocation.None(display), $"cannot read the file: {ex.Message}"));
            }
        }

        return (sources, unreadable);
    }

    private static IEnumerable<string> Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (found.Count == 0)
                {
                    throw new UsageException($"{path}: no *.yaml or *.yml files in this directory");
                }

                files.AddRange(found);
            }
            else
            {
                throw new UsageException($"{path}: no such file or directory");
            }
        }

        return files.Distinct(StringComparer.Ordinal);
    }

    /// <summary>Paths relative to the working directory when below it, as compilers print them.</summary>
    private static string Display(string file)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, file);
        return (relative.StartsWith("..", StringComparison.Ordinal) ? Path.GetFullPath(file) : relative).Replace('\\', '/');
    }
}
