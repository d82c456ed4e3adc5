using System.Globalization;
using Microsoft.Extensions.Logging;
using Reconciler.Providers;

namespace Reconciler.HyperV.WsMan;

/// <summary>
/// Calls a Hyper-V method and sees it through: ReturnValue 0 is done, 4096 starts a job that is
/// polled (WS-Transfer Get on the Job reference) until JobState 7, or failed at 8 and above with
/// its ErrorCode and ErrorDescription; any other value fails with the method's own code.
/// </summary>
public sealed class MethodRunner(WsManClient client, string host, TimeProvider time, TimeSpan pollInterval, TimeSpan jobTimeout, ILogger logger)
{
    public const int JobStarted = 4096;
    private const int JobCompleted = 7;
    private const int JobTerminated = 8;

    public WsManClient Client => client;

    /// <summary>The code of the error a job that outlives the job timeout fails with: it keeps running on the host.</summary>
    public const string JobTimeoutCode = "JobTimeout";

    /// <summary>The code of the error a method that returned 4096 without a readable Job reference fails with.</summary>
    public const string JobReferenceMissingCode = "JobReferenceMissing";

    /// <param name="jobStarted">Told the job's reference as soon as the host starts one, so a caller can wait for that job on a later attempt instead of sending the change again.</param>
    public async Task<CimInstance> RunAsync(string classUri, IReadOnlyList<KeyValuePair<string, string>> selectors, string method, IEnumerable<InvokeParameter> parameters, string doing, CancellationToken cancellationToken, Action<EndpointReference>? jobStarted = null)
    {
        HyperVLog.Calling(logger, host, method, doing);
        CimInstance output;
        try
        {
            output = await client.InvokeAsync(classUri, selectors, method, parameters, cancellationToken).ConfigureAwait(false);
        }
        catch (WsManException ex)
        {
            throw ex.ToProviderException(host, doing);
        }

        var returnValue = output.Int("ReturnValue") ?? throw new ProviderException(ProviderErrorKind.Permanent, $"host {host}: {doing}: {method} returned no ReturnValue", method);
        switch (returnValue)
        {
            case 0:
                return output;
            case JobStarted when output.Reference("Job") is { } job:
                jobStarted?.Invoke(job);
                await WaitAsync(job, doing, cancellationToken).ConfigureAwait(false);
                return output;
            case JobStarted:
                // A job runs on the host but its reference cannot be read (go-wsman's DefineSystem
                // fixture has no ReferenceParameters): it cannot be waited for, and sending the
                // change again could do it twice, so say so instead of "unknown code 4096".
                throw new ProviderException(ProviderErrorKind.Permanent,
                    $"host {host}: {doing}: {method} started a job (return value 4096) but sent no readable Job reference, so its outcome is unknown; the next observation shows whether it took effect",
                    JobReferenceMissingCode);
            default:
                throw new ProviderException(ReturnCodes.Kind(returnValue),
                    $"host {host}: {doing}: {method} failed with return value {returnValue} ({ReturnCodes.Describe(returnValue)})",
                    $"ReturnValue {returnValue.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    /// <summary>Waits for a job to end: returns when it completed (or vanished), fails with its error, or with <see cref="JobTimeoutCode"/> while it still runs.</summary>
    public async Task WaitAsync(EndpointReference job, string doing, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + jobTimeout;
        var lastState = 0;
        while (true)
        {
            CimInstance state;
            try
            {
                state = await client.GetAsync(job.ResourceUri, job.Selectors, cancellationToken).ConfigureAwait(false);
            }
            catch (WsManException ex) when (ex.IsNotFound)
            {
                // Hyper-V removes finished jobs (TimeBeforeRemoval); a vanished job ran. Whether it
                // did what it should is for the caller's re-observation to verify (wsman.md §3.3).
                HyperVLog.JobVanished(logger, job.Selector("InstanceID") ?? "?", host, lastState);
                return;
            }
            catch (WsManException ex)
            {
                throw ex.ToProviderException(host, $"{doing} (reading its job)");
            }

            lastState = state.Int("JobState") ?? 0;
            if (lastState == JobCompleted)
            {
                return;
            }

            if (lastState >= JobTerminated)
            {
                var code = state.Int("ErrorCode") ?? 0;
                var description = state.String("ErrorDescription") ?? state.String("ErrorSummaryDescription") ?? "no description";
                throw new ProviderException(ReturnCodes.Kind(code), $"host {host}: {doing}: the job failed (JobState {lastState}, ErrorCode {code}): {description}",
                    $"Job {code.ToString(CultureInfo.InvariantCulture)}");
            }

            if (time.GetUtcNow() >= deadline)
            {
                throw new ProviderException(ProviderErrorKind.Transient,
                    $"host {host}: {doing}: the job has not finished after {jobTimeout.TotalSeconds:0} s (JobState {lastState}); it keeps running on the host", JobTimeoutCode);
            }

            await Task.Delay(pollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
