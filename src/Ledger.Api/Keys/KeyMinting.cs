using Ledger.Domain;
using Ledger.Api.Commands;
using Ledger.Api.Hosting;
using Ledger.Api.Http;
using Ledger.Domain.Keys;
using Ledger.Domain.Orgs;
using Ledger.EventStore;
using Microsoft.Extensions.Options;

namespace Ledger.Api.Keys;

public sealed record MintSpec(string Name, KeyScope Scope, bool Ephemeral, KeyLimits Limits, DateTimeOffset? ExpiresAt);

/// <summary>The plain key exists only in this value, on its way to the client.</summary>
public sealed record MintedKey(KeyMinted Key, string Plain, int OrgVersion);

/// <summary>
/// Mints a key: the org stream records the issue (which enforces the active-key cap under
/// concurrency) and the key stream its birth, in one transaction.
/// </summary>
public sealed class KeyMinting(EventStore.EventStore store, StreamsReader reader, TimeProvider clock, IOptions<LedgerOptions> options,
    UnknownKeyCache unknownKeys)
{
    /// <summary>Draws a new key's secret; tests replace it to present a secret before its key exists.</summary>
    internal Func<OrgTier, KeySecret> NewSecret { get; set; } = KeySecret.Create;

    public async Task<MintedKey> MintAsync(Guid orgId, MintSpec spec, string actor, CancellationToken ct)
    {
        return await Conflicts.RetryAsync(async () =>
        {
            var (history, version) = await reader.LoadAsync(Streams.Org(orgId), ct);
            return await MintAsync(Org.Fold(history), version, [], spec, actor, ct);
        });
    }

    /// <summary>Mints into an org whose stream is at <paramref name="orgVersion"/>, after <paramref name="orgEventsBefore"/>.</summary>
    public async Task<MintedKey> MintAsync(Org? org, int orgVersion, IOrgEvent[] orgEventsBefore, MintSpec spec, string actor, CancellationToken ct)
    {
        var plan = Plan(org, orgVersion, orgEventsBefore, spec, actor);
        var result = await store.AppendAsync(plan.Appends, ct);
        return new MintedKey(plan.Key, plan.Plain, result[0].Version);
    }

    /// <summary>
    /// The appends that mint a key, for a caller that writes them in its own transaction (signup,
    /// which records the org's personal data with them).
    /// </summary>
    public MintPlan Plan(Org? org, int orgVersion, IOrgEvent[] orgEventsBefore, MintSpec spec, string actor)
    {
        var now = clock.GetUtcNow();
        var state = orgEventsBefore.Aggregate(org, Org.Evolve)
            ?? throw new Ledger.Domain.DomainException(Ledger.Domain.RuleKind.NotFound, "org_not_found", "No such org.");
        var o = options.Value;
        var keyId = Guid.NewGuid();
        var issued = OrgDecider.Decide(new OrgCommand.IssueKey(keyId, spec.Ephemeral, spec.ExpiresAt, now,
            spec.Ephemeral ? o.MaxActiveEphemeralKeys : o.MaxActiveKeys), state);
        var secret = NewSecret(state.Tier);
        // before the commit, so that no moment exists when the key is stored and this node still calls it unknown
        unknownKeys.Forget(secret.Hash);
        var minted = new KeyMinted(keyId, state.Id, spec.Name, secret.Hash, secret.Prefix, state.Tier, spec.Scope,
            spec.Ephemeral, spec.Limits, spec.ExpiresAt);
        var metadata = new EventMetadata(Guid.NewGuid(), null, actor);
        var orgEvents = NewEvent.Each(orgEventsBefore.Concat(issued));
        return new MintPlan(
        [
            new StreamAppend(Streams.Org(state.Id), "org", state.Id,
                orgVersion == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(orgVersion), orgEvents, metadata, now),
            new StreamAppend(Streams.Key(keyId), "key", state.Id, ExpectedVersion.NoStream,
                NewEvent.Each(KeyDecider.Decide(new KeyCommand.Mint(minted), null)), metadata, now),
        ], minted, secret.Plain);
    }
}

/// <summary>A key's mint, not yet appended: the org stream's append first, then the key stream's.</summary>
public sealed record MintPlan(IReadOnlyList<StreamAppend> Appends, KeyMinted Key, string Plain);
