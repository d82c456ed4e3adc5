using System.Runtime.InteropServices;
using LibGit2Sharp;

namespace Reconciler.Git;

/// <summary>
/// libgit2's own limits on connecting to and waiting for a remote (git_libgit2_opts
/// GIT_OPT_SET_SERVER_CONNECT_TIMEOUT = 39 and GIT_OPT_SET_SERVER_TIMEOUT = 41, libgit2 >= 1.7,
/// include/git2/common.h), which LibGit2Sharp 0.32 does not wrap. Without them a remote that
/// accepts and never answers holds the fetch's thread for good; with them the native call itself
/// gives up. The settings are process-wide, as libgit2 keeps them.
/// </summary>
internal static class ServerTimeouts
{
    private const int SetConnectTimeout = 39;
    private const int GetConnectTimeout = 40;
    private const int SetTimeout = 41;
    private const int GetTimeout = 42;
    private static readonly Lock Gate = new();

    /// <summary>Sets both limits (milliseconds) unless they already hold that value; false when the native library offers no such option.</summary>
    public static bool Apply(TimeSpan limit)
    {
        var milliseconds = (int)Math.Clamp(limit.TotalMilliseconds, 1, int.MaxValue);
        lock (Gate)
        {
            if (!TryOptions(out var options))
            {
                return false;
            }

            unsafe
            {
                var set = (delegate* unmanaged<int, int, int>)options;
                return set(SetConnectTimeout, milliseconds) == 0 && set(SetTimeout, milliseconds) == 0;
            }
        }
    }

    /// <summary>The limits in force, in milliseconds (connect, read), for tests and diagnostics.</summary>
    public static (int Connect, int Read)? Current()
    {
        if (!TryOptions(out var options))
        {
            return null;
        }

        unsafe
        {
            var get = (delegate* unmanaged<int, int*, int>)options;
            int connect = 0, read = 0;
            return get(GetConnectTimeout, &connect) == 0 && get(GetTimeout, &read) == 0 ? (connect, read) : null;
        }
    }

    private static bool TryOptions(out IntPtr options)
    {
        options = IntPtr.Zero;

        // The native library's name carries libgit2's commit ("libgit2-5853918" -> git2-5853918),
        // which GlobalSettings.Version reports; LibGit2Sharp has already loaded it.
        var version = GlobalSettings.Version.ToString();
        var start = version.IndexOf("libgit2-", StringComparison.Ordinal);
        if (start < 0)
        {
            return false;
        }

        var end = version.IndexOf('.', start);
        var name = version[(start + 3)..(end < 0 ? version.Length : end)];
        return NativeLibrary.TryLoad(name, typeof(Repository).Assembly, null, out var library)
            && NativeLibrary.TryGetExport(library, "git_libgit2_opts", out options);
    }
}
