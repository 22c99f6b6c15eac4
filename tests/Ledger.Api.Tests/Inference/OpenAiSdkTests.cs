using System.ClientModel;
using System.ClientModel.Primitives;
using Ledger.Api.Tests.Support;
using OpenAI;
using OpenAI.Chat;

namespace Ledger.Api.Tests.Inference;

/// <summary>The official OpenAI .NET SDK pointed at the gateway, as a customer would use it.</summary>
public sealed class OpenAiSdkTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private async Task<ChatClient> ClientAsync()
    {
        var org = await gateway.Client.SignUpAsync();
        await gateway.Client.PayAsync(org.OrgId, 20m);
        return new ChatClient("gpt-5.1", new ApiKeyCredential(org.Key), new OpenAIClientOptions
        {
            Endpoint = new Uri(gateway.Client.BaseAddress!, "/v1"),
            Transport = new HttpClientPipelineTransport(gateway.Client),
        });
    }

    [Fact]
    public async Task the_sdk_completes_a_chat()
    {
        var chat = await ClientAsync();
        ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage("Hello from the SDK")]);

        completion.Content[0].Text.ShouldNotBeNullOrWhiteSpace();
        completion.Usage.InputTokenCount.ShouldBeGreaterThan(0);
        completion.Usage.OutputTokenCount.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task the_sdk_streams_a_chat_with_a_final_usage_chunk_that_matches_the_ledger()
    {
        var chat = await ClientAsync();
        var text = new System.Text.StringBuilder();
        ChatTokenUsage? usage = null;
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("Stream something")]))
        {
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
            usage ??= update.Usage;
        }

        text.Length.ShouldBeGreaterThan(0);
        usage.ShouldNotBeNull();
        var recorded = await gateway.Database.ScalarAsync<int>(
            "select (data->>'tokens_out')::int from ledger_events where type = 'V1.RequestCompleted' order by seq desc limit 1");
        recorded.ShouldBe(usage.OutputTokenCount);
    }

    [Fact]
    public async Task the_sdk_sees_a_refusal_as_an_error_with_the_status()
    {
        var chat = await ClientAsync();
        var bad = new ChatClient("gpt-imaginary", new ApiKeyCredential("br-nope"), new OpenAIClientOptions
        {
            Endpoint = new Uri(gateway.Client.BaseAddress!, "/v1"),
            Transport = new HttpClientPipelineTransport(gateway.Client),
        });
        var e = await Should.ThrowAsync<ClientResultException>(() => bad.CompleteChatAsync([new UserChatMessage("x")]));
        e.Status.ShouldBe(401);
        chat.ShouldNotBeNull();
    }
}
