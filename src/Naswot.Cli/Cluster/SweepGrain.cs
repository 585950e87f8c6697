using Orleans.Runtime;

namespace Naswot.Cli.Cluster;

/// <summary>One sweep's coordinator, one activation in the cluster wherever Orleans places it: it hands out shards.</summary>
internal interface ISweepGrain : IGrainWithIntegerKey
{
    /// <summary>The next shard for <paramref name="silo"/> to score, or −1 when none is pending.</summary>
    Task<int> Lease(string silo);
}

/// <summary>
/// Hands out a sweep's shards from its tables, after giving back those of silos Orleans' membership has declared
/// dead, so that a killed worker's shards run elsewhere as soon as the cluster knows (the lease's expiry is the
/// backstop). It keeps no state of its own: if its silo dies, its next call activates it on another, from the tables.
/// </summary>
internal sealed class SweepGrain(Sweeps sweeps, IClusterMembershipService membership) : Grain, ISweepGrain
{
    public Task<int> Lease(string silo)
    {
        var dead = membership.CurrentSnapshot.Members.Values
            .Where(member => member.Status == SiloStatus.Dead)
            .Select(member => member.SiloAddress.ToParsableString())
            .ToList();
        // Blocking database calls stay off Orleans' scheduler threads.
        return Task.Run(() => sweeps.LeaseShard(this.GetPrimaryKeyLong(), silo, dead));
    }
}
