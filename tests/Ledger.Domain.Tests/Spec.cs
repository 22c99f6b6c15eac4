using Ledger.Domain.Keys;
using Ledger.Domain.Orgs;

namespace Ledger.Domain.Tests;

/// <summary>Given(events).When(command).Then(events) over a pure decider and the fold of its stream.</summary>
internal sealed class DeciderSpec<TCommand, TState>(
    Func<TCommand, TState?, object[]> decide, Func<IEnumerable<object>, TState?> fold)
    where TState : class
{
    private object[] history = [];

    public DeciderSpec<TCommand, TState> Given(params object[] events)
    {
        history = events;
        return this;
    }

    public Outcome When(TCommand command) => new(() => decide(command, fold(history)));

    public sealed class Outcome(Func<object[]> run)
    {
        public void Then(params object[] expected) => run().ShouldBe(expected);

        public void ThenNothing() => run().ShouldBeEmpty();

        public DomainException ThenRefused(string code)
        {
            var refusal = Should.Throw<DomainException>(() => run());
            refusal.Code.ShouldBe(code);
            return refusal;
        }
    }
}

internal static class Spec
{
    public static DeciderSpec<OrgCommand, Org> Org => new(OrgDecider.Decide, Domain.Orgs.Org.Fold);

    public static DeciderSpec<KeyCommand, ApiKey> Key => new(KeyDecider.Decide, ApiKey.Fold);
}
