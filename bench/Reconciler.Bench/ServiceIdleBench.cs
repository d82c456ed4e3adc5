using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Reconciler.Bench;

/// <summary>
/// <c>service-idle [HOSTS] [SETTLE_S] [WINDOW_S] [VARIANT...]</c> (issue 18): the real
/// <c>reconciler run</c> executable on a temporary git repository holding a generated spec of
/// HOSTS simulated hosts (<see cref="IdleFleet"/>), interval 30 s. Once <c>/readyz</c> answers
/// and the service has settled, it samples the process's resident set (VmRSS of
/// /proc/PID/status, every second) and its CPU time (utime + stime of /proc/PID/stat) over the
/// window. Each variant is the same executable under other runtime settings (DOTNET_*
/// environment variables, the runtimeconfig knobs' equivalents), run one after another.
/// </summary>
internal static class ServiceIdleBench
{
    private const double GoalMb = 80;
    private const double GoalCpuPercent = 1;

    /// <summary>Runtime settings tried, by name; "default" is the executable as shipped.</summary>
    private static readonly Dictionary<string, Dictionary<string, string>> Variants = new(StringComparer.Ordinal)
    {
        ["default"] = [],
        ["server-gc"] = new() { ["DOTNET_gcServer"] = "1" },
        ["non-concurrent"] = new() { ["DOTNET_gcConcurrent"] = "0" },
        ["pgo-off"] = new() { ["DOTNET_TieredPGO"] = "0" },
        ["gen0-4mb"] = new() { ["DOTNET_GCgen0size"] = "0x400000" },
        ["conserve-5"] = new() { ["DOTNET_GCConserveMemory"] = "5" },
        ["tc-off"] = new() { ["DOTNET_TieredCompilation"] = "0" },
        ["wx-off"] = new() { ["DOTNET_EnableWriteXorExecute"] = "0" },
        ["non-concurrent+pgo-off"] = new() { ["DOTNET_gcConcurrent"] = "0", ["DOTNET_TieredPGO"] = "0" },
        ["non-concurrent+pgo-off+gen0-4mb"] = new() { ["DOTNET_gcConcurrent"] = "0", ["DOTNET_TieredPGO"] = "0", ["DOTNET_GCgen0size"] = "0x400000" },
        ["pgo-off+gen0-4mb+wx-off"] = new() { ["DOTNET_TieredPGO"] = "0", ["DOTNET_GCgen0size"] = "0x400000", ["DOTNET_EnableWriteXorExecute"] = "0" },
        ["non-concurrent+pgo-off+gen0-4mb+wx-off"] = new() { ["DOTNET_gcConcurrent"] = "0", ["DOTNET_TieredPGO"] = "0", ["DOTNET_GCgen0size"] = "0x400000", ["DOTNET_EnableWriteXorExecute"] = "0" },
    };

    public static async Task RunAsync(string repoRoot, string[] args)
    {
        var hosts = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;
        var settle = TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 60);
        var window = TimeSpan.FromSeconds(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 120);
        var names = args.Length > 3 ? args[3..] : ["default", "non-concurrent", "pgo-off", "gen0-4mb", "non-concurrent+pgo-off+gen0-4mb"];
        var executable = Executable(repoRoot);
        var root = Directory.CreateTempSubdirectory("reconciler-idlebench-").FullName;
        try
        {
            var repo = await MakeRepositoryAsync(root, hosts);
            var worlds = Path.Combine(root, "worlds");
            Directory.CreateDirectory(worlds);
            await File.WriteAllTextAsync(Path.Combine(worlds, "fleet.yaml"), IdleFleet.World(hosts));
            Console.WriteLine($"# {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm}Z, {hosts} hosts ({hosts * 16} VMs), interval 30 s, settle {settle.TotalSeconds:0} s, window {window.TotalSeconds:0} s, load average {LoadAverage()}");
            Console.WriteLine($"# {executable}");
            Console.WriteLine("| variant | ready after (s) | RSS median (MB) | RSS max (MB) | ÷ 80 MB | CPU (% of a core) | ÷ 1 % | ticks in window |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var name in names)
            {
                var row = await MeasureAsync(executable, repo, worlds, Path.Combine(root, $"state-{names.ToList().IndexOf(name)}"), Variants[name], settle, window);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {row.Ready.TotalSeconds:0.0} | {row.RssMedianMb:0.0} | {row.RssMaxMb:0.0} | {row.RssMedianMb / GoalMb:0.00} | {row.CpuPercent:0.00} | {row.CpuPercent / GoalCpuPercent:0.00} | {row.Ticks} |"));
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private sealed record Row(TimeSpan Ready, double RssMedianMb, double RssMaxMb, double CpuPercent, int Ticks);

    private static async Task<Row> MeasureAsync(string executable, string repo, string worlds, string state, Dictionary<string, string> environment, TimeSpan settle, TimeSpan window)
    {
        var port = FreePort();
        var start = new ProcessStartInfo(executable.EndsWith(".dll", StringComparison.Ordinal) ? "dotnet" : executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = repo,
        };
        if (executable.EndsWith(".dll", StringComparison.Ordinal))
        {
            start.ArgumentList.Add(executable);
        }

        foreach (var arg in new[] { "run", "--repo", repo, "--branch", "main", "--path", "specs", "--interval", "30s", "--listen", $"http://127.0.0.1:{port}", "--state-dir", state, "--worlds", worlds })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        // A bench stopped by SIGTERM takes its service with it (the finally below does not run then).
        void Orphaned(object? sender, EventArgs e)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        AppDomain.CurrentDomain.ProcessExit += Orphaned;
        using var terminated = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, _ => Orphaned(null, EventArgs.Empty));
        var ticks = 0;
        var log = new List<string>();
        void Line(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (log)
            {
                log.Add(line);
                if (line.Contains("Cluster fleet at ", StringComparison.Ordinal))
                {
                    ticks++;
                }
            }
        }

        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var clock = Stopwatch.StartNew();
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            while (!await ReadyAsync(http, port))
            {
                if (process.HasExited || clock.Elapsed > TimeSpan.FromMinutes(5))
                {
                    lock (log)
                    {
                        throw new InvalidOperationException($"the service did not become ready:\n{string.Join('\n', log.TakeLast(30))}");
                    }
                }

                await Task.Delay(250);
            }

            var ready = clock.Elapsed;
            await Task.Delay(settle);
            int before;
            lock (log)
            {
                before = ticks;
            }

            var cpuBefore = CpuTicks(process.Id);
            var cpuClock = Stopwatch.StartNew();
            var rss = new List<double>();
            while (cpuClock.Elapsed < window)
            {
                rss.Add(RssMb(process.Id));
                await Task.Delay(TimeSpan.FromSeconds(1));
            }

            var cpu = (CpuTicks(process.Id) - cpuBefore) / (double)ClockTicksPerSecond / cpuClock.Elapsed.TotalSeconds * 100;
            rss.Sort();
            lock (log)
            {
                return new Row(ready, rss[rss.Count / 2], rss[^1], cpu, ticks - before);
            }
        }
        finally
        {
            AppDomain.CurrentDomain.ProcessExit -= Orphaned;
            await StopAsync(process);
        }
    }

    private static async Task<bool> ReadyAsync(HttpClient http, int port)
    {
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/readyz"));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGTERM, as systemd stops it; killed if it does not stop within 15 s.</summary>
    private static async Task StopAsync(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    private static double RssMb(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>utime + stime (fields 14 and 15 of /proc/PID/stat, after the parenthesised command name).</summary>
    private static long CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    /// <summary>USER_HZ: 100 on every Linux the service runs on (sysconf(_SC_CLK_TCK)).</summary>
    private const int ClockTicksPerSecond = 100;

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The service's own build beside this benchmark's (same configuration): its apphost, else its dll.</summary>
    private static string Executable(string repoRoot)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/<Configuration>/net10.0/
        var directory = Path.Combine(repoRoot, "src", "Reconciler", "bin", configuration, "net10.0");
        var apphost = Path.Combine(directory, "reconciler");
        return File.Exists(apphost) ? apphost : Path.Combine(directory, "reconciler.dll");
    }

    private static async Task<string> MakeRepositoryAsync(string root, int hosts)
    {
        var repo = Path.Combine(root, "repo");
        Directory.CreateDirectory(Path.Combine(repo, "specs"));
        await File.WriteAllTextAsync(Path.Combine(repo, "specs", "fleet.yaml"), IdleFleet.Spec(hosts));
        await GitChildBaseline.RunAsync(repo, "init", "-q", "-b", "main");
        await GitChildBaseline.RunAsync(repo, "config", "user.email", "bench@example.com");
        await GitChildBaseline.RunAsync(repo, "config", "user.name", "Bench");
        await GitChildBaseline.RunAsync(repo, "config", "commit.gpgsign", "false");
        await GitChildBaseline.RunAsync(repo, "add", "-A");
        await GitChildBaseline.RunAsync(repo, "commit", "-q", "-m", "fleet");
        return repo;
    }
}
