using JasperFx;
using System.Reflection;
using System.Text.Json;
using JasperFx.CodeGeneration.Frames;
using JasperFx.CodeGeneration.Model;
using JasperFx.Core.Reflection;
using Wolverine.Http;
using Wolverine.Runtime;
using Wolverine.Http.CodeGen;

namespace Ledger.Api.Http;

/// <summary>A management request body, read with the gateway's JSON options.</summary>
public interface IRequestBody;

/// <summary>
/// Binds an <see cref="IRequestBody"/> parameter of a Wolverine endpoint the way minimal APIs bind a body:
/// a body that does not parse (or names a field its type lacks) throws <see cref="BadHttpRequestException"/>
/// around the <see cref="JsonException"/>, which <see cref="ErrorHandling"/> turns into invalid_json or
/// unknown_field. Wolverine's own reader answers such a body itself, with a ProblemDetails that echoes the
/// parser's text, so it would bypass the OpenAI error shape.
/// </summary>
public sealed class JsonBodies : IParameterStrategy
{
    private static readonly MethodInfo Read = typeof(JsonBodies).GetMethod(nameof(ReadAsync))!;

    // one read per chain, shared by every step that takes the body (the Validate step and the handler)
    private readonly Dictionary<HttpChain, Variable> _bodies = [];

    public bool TryMatch(HttpChain chain, IServiceContainer container, ParameterInfo parameter, out Variable? variable)
    {
        variable = null;
        var type = parameter.ParameterType;
        if (!type.CanBeCastTo<IRequestBody>()) return false;
        if (!_bodies.TryGetValue(chain, out variable))
        {
            variable = new MethodCall(typeof(JsonBodies), Read.MakeGenericMethod(type)).ReturnVariable!;
            _bodies[chain] = variable;
            // what UnknownFields reads to name the fields a body may have, and what the API document shows
            chain.Metadata.Accepts(type, "application/json");
        }
        return true;
    }

    public static async Task<T> ReadAsync<T>(HttpContext http) where T : class, IRequestBody
    {
        var request = http.Request;
        if (!request.HasJsonContentType() && !string.IsNullOrEmpty(request.ContentType))
            throw new BadHttpRequestException("The body is not JSON.", StatusCodes.Status415UnsupportedMediaType);
        try
        {
            return await request.ReadFromJsonAsync<T>(ApiJson.Options, http.RequestAborted)
                ?? throw new BadHttpRequestException("The request needs a JSON body.");
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException("The body is not valid JSON for this endpoint.", e);
        }
    }
}
