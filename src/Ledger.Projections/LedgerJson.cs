using System.Text.Json;
using System.Text.Json.Serialization;
using Ledger.Domain.Admission;
using Ledger.Domain.Keys;
using Ledger.Domain.Orgs;
using Ledger.Domain.Requests;

namespace Ledger.Projections;

/// <summary>
/// Serialisation code generated at build time for the events and admission rows the request path
/// writes and the daemon reads, thousands a second (writing a completion took 2 µs instead of 6 with
/// the reflection-based serialiser, reading it 6.6 µs instead of 8, in a throwaway loop that was not
/// kept; the gateway benchmark is the measure that counts). The JSON is
/// the same byte for byte (LedgerJsonTests), so stored hashes and older events are unaffected; a type
/// left out here still works, through reflection.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(RequestAdmitted))]
[JsonSerializable(typeof(RequestRejected))]
[JsonSerializable(typeof(RequestCompleted))]
[JsonSerializable(typeof(ReservationExpired))]
[JsonSerializable(typeof(OrgSignedUp))]
[JsonSerializable(typeof(SignupCreditClaimed))]
[JsonSerializable(typeof(PaymentRecorded))]
[JsonSerializable(typeof(PlanChanged))]
[JsonSerializable(typeof(KeyIssued))]
[JsonSerializable(typeof(KeyRetired))]
[JsonSerializable(typeof(PromoCreditTaken))]
[JsonSerializable(typeof(KeyMinted))]
[JsonSerializable(typeof(KeyUpdated))]
[JsonSerializable(typeof(KeyDisabled))]
[JsonSerializable(typeof(KeyEnabled))]
[JsonSerializable(typeof(KeyRevoked))]
[JsonSerializable(typeof(KeyToolCalled))]
[JsonSerializable(typeof(KeyAdmission))]
[JsonSerializable(typeof(OrgAdmission))]
public sealed partial class LedgerJson : JsonSerializerContext;
