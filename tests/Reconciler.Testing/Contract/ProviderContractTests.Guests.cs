using Reconciler.Testing.Time;
using Reconciler.Observed;

namespace Reconciler.Testing.Contract;

/// <summary>
/// The guest health part of the contract: what a VM's heartbeat reports, as the guest health gate
/// reads it. Guests boot on <see cref="GuestClock"/>, which each provider's test class hands to
/// what plays the hosts (the simulator, the fake WinRM server).
/// </summary>
public abstract partial class ProviderContractTests
{
    /// <summary>The clock the simulated guests boot by; tests move it.</summary>
    protected TestClock GuestClock { get; } = new(new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero));

    /// <summary><see cref="World"/> with guests that take 2 minutes to boot, and one ("spare") that never comes up.</summary>
    protected const string BootingWorld = World + "\n  behaviour: { guests: { boot: 2m, neverHealthy: [spare] } }\n";

    [Fact]
    public async Task GuestHealth_VmRunningFromTheStart_IsOk_AndAnOffVmHasNoGuest()
    {
        var provider = await CreateAsync(BootingWorld);

        Assert.Equal(GuestHealth.Ok, await provider.GuestHealthAsync("hv-01", "busy", None));
        Assert.Equal(GuestHealth.NotRunning, await provider.GuestHealthAsync("hv-01", "idle", None));
    }

    [Fact]
    public async Task GuestHealth_AfterStart_NoContactUntilTheGuestHasBooted_ThenOk()
    {
        var provider = await CreateAsync(BootingWorld);
        await provider.StartVmAsync("hv-01", "idle", None);

        var booting = await provider.GuestHealthAsync("hv-01", "idle", None);
        GuestClock.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal((GuestHealth.NoContact, GuestHealth.Ok), (booting, await provider.GuestHealthAsync("hv-01", "idle", None)));
    }

    [Fact]
    public async Task GuestHealth_GuestThatNeverComesBack_StaysNoContact()
    {
        var provider = await CreateAsync(BootingWorld);
        await provider.StartVmAsync("hv-01", "spare", None);
        GuestClock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(GuestHealth.NoContact, await provider.GuestHealthAsync("hv-01", "spare", None));
    }
}
