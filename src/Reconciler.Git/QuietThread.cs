using System.Runtime.InteropServices;

namespace Reconciler.Git;

/// <summary>
/// Runs blocking libgit2 work on a thread of its own that asynchronous signals are not delivered
/// to. libgit2 waits on its sockets with poll(2), which a handled signal interrupts whatever
/// SA_RESTART says (signal(7)), and libgit2 then fails the fetch with "Interrupted system call"
/// instead of waiting again. A service receives such signals in the normal course: SIGCHLD from
/// every ssh and gpg child that exits. Blocked here, they go to the process's other threads;
/// the runtime's own real-time signals and the synchronous ones (SIGSEGV, SIGBUS...) stay open.
/// A thread of its own also keeps a remote that never answers from holding a pool thread.
/// </summary>
internal static partial class QuietThread
{
    private const int SigBlock = 0;

    /// <summary>sigset_t on Linux (glibc and musl): 1024 bits.</summary>
    private const int SigSetBytes = 128;

    /// <summary>The classic asynchronous signals (x86-64 and arm64 Linux numbers).</summary>
    private static readonly int[] Asynchronous =
    [
        1, // SIGHUP
        2, // SIGINT
        3, // SIGQUIT
        10, // SIGUSR1
        12, // SIGUSR2
        13, // SIGPIPE
        14, // SIGALRM
        15, // SIGTERM
        17, // SIGCHLD
        18, // SIGCONT
        20, // SIGTSTP
        21, // SIGTTIN
        22, // SIGTTOU
        23, // SIGURG
        26, // SIGVTALRM
        27, // SIGPROF
        28, // SIGWINCH
        29, // SIGIO
    ];

    public static Task Run(string name, Action work)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                BlockAsynchronousSignals();
                work();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        return done.Task;
    }

    private static unsafe void BlockAsynchronousSignals()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var set = stackalloc byte[SigSetBytes];
        if (SigEmptySet(set) != 0)
        {
            return;
        }

        foreach (var signal in Asynchronous)
        {
            _ = SigAddSet(set, signal);
        }

        // Best effort: a thread that cannot mask still works, it only stays open to interruption.
        _ = PthreadSigMask(SigBlock, set, null);
    }

    [LibraryImport("libc", EntryPoint = "sigemptyset")]
    private static unsafe partial int SigEmptySet(byte* set);

    [LibraryImport("libc", EntryPoint = "sigaddset")]
    private static unsafe partial int SigAddSet(byte* set, int signal);

    [LibraryImport("libc", EntryPoint = "pthread_sigmask")]
    private static unsafe partial int PthreadSigMask(int how, byte* set, byte* old);
}
