using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Reconciler.Tests.Cli;

/// <summary><c>reconciler run</c> as a child process: its output collected as it comes, killed on dispose.</summary>
internal sealed partial class ServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    public ServiceProcess(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "reconciler.dll"));
        start.ArgumentList.Add("run");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("RECONCILER_DEBUG");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Waits for the log line saying where the API listens.</summary>
    public async Task<Uri> AddressAsync()
    {
        var match = await WaitForAsync(ServingOn(), TimeSpan.FromSeconds(60));
        return new Uri(match.Groups[1].Value);
    }

    public async Task<Match> WaitForAsync(Regex pattern, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var match = pattern.Match(Log);
            if (match.Success)
            {
                return match;
            }

            if (_process.HasExited)
            {
                throw new Xunit.Sdk.XunitException($"reconciler run exited ({_process.ExitCode}) before '{pattern}':\n{Log}");
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException($"no '{pattern}' in reconciler run's output within {timeout.TotalSeconds}s:\n{Log}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    [GeneratedRegex(@"serving on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ServingOn();
}
