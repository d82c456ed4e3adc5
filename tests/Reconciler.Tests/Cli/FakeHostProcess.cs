using System.Diagnostics;
using System.Text;

namespace Reconciler.Tests.Cli;

/// <summary>
/// The standalone fake host (tests/Reconciler.HyperV.Fake) as a user starts it: a child process
/// with the documented arguments, waited for until its settings file appears, stopped with SIGINT
/// as Ctrl+C does. `env --default-signal=INT` gives it the SIGINT a terminal gives: a process
/// started in the background by a shell inherits SIGINT ignored, and .NET then leaves it ignored.
/// </summary>
internal sealed class FakeHostProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private FakeHostProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static FakeHostProcess Start(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("env")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["--default-signal=INT", "dotnet", Path.Combine(AppContext.BaseDirectory, "Reconciler.HyperV.Fake.dll"), .. args])
        {
            start.ArgumentList.Add(arg);
        }

        return new FakeHostProcess(Process.Start(start)!);
    }

    /// <summary>Waits until <paramref name="settings"/> exists (the fake writes it once every host listens).</summary>
    public void WaitForSettings(string settings)
    {
        var waited = Stopwatch.StartNew();
        while (!File.Exists(settings))
        {
            if (_process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException($"the fake host wrote no {settings}: {Output}");
            }

            Thread.Sleep(100);
        }
    }

    /// <summary>Sends SIGINT, as Ctrl+C in a terminal does, and waits for the process to end.</summary>
    public void Interrupt()
    {
        using (var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        WaitForExit();
    }

    public void WaitForExit()
    {
        if (!_process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException($"the fake host did not stop: {Output}");
        }

        _process.WaitForExit(); // flushes the redirected output
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
