using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using PoseCluster.Cluster;
using PoseCluster.Cluster.Sites;
using PoseCluster.Gateway.Api.Contracts;
using PoseCluster.Gateway.Auth;
using PoseCluster.Gateway.Live;
using PoseCluster.Gateway.Storage;

namespace PoseCluster.Gateway.Api;

/// <summary>
/// <c>/api/webhooks</c> (admin only, reads included: URLs can point inside the network): where site events are POSTed.
/// The signing secret is write-only; answers say only whether one is set.
/// </summary>
internal static class WebhookEndpoints
{
    private static readonly string[] EventKinds = ["fall", "loitering", "restricted_entry", "zone_entry", "zone_exit"];

    public static RouteGroupBuilder MapWebhookEndpoints(this RouteGroupBuilder api)
    {
        var webhooks = api.MapGroup("/webhooks").WithTags("Webhooks").RequireAuthorization(GatewayRoles.AdminPolicy);
        webhooks.MapGet("", ListAsync)
            .WithName("ListWebhooks").WithSummary("Webhooks with their delivery counters (admin; secrets are never returned).").Produces<WebhookView[]>();
        webhooks.MapPost("", CreateAsync)
            .WithName("CreateWebhook").WithSummary("Adds a webhook (admin): site events are POSTed to its URL, signed with HMAC-SHA256 when a secret is set.")
            .Accepts<WebhookInput>("application/json").Produces<WebhookView>(StatusCodes.Status201Created).ProducesValidationProblem();
        webhooks.MapGet("/{id:guid}", GetAsync)
            .WithName("GetWebhook").WithSummary("A webhook (admin).").Produces<WebhookView>().ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapPut("/{id:guid}", UpdateAsync)
            .WithName("UpdateWebhook").WithSummary("Replaces a webhook's settings (admin); the secret is kept unless a new one is given.")
            .Accepts<WebhookInput>("application/json").Produces<WebhookView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapDelete("/{id:guid}", DeleteAsync)
            .WithName("DeleteWebhook").WithSummary("Deletes a webhook (admin).").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static WebhookView View(WebhookRecord w, ClusterState state) => new(
        w.Id,
        w.Name,
        w.Url,
        w.SiteId,
        w.SiteId is { } site ? state.Sites.FirstOrDefault(s => s.Id == site)?.Name : null,
        w.EventKinds,
        w.HasSecret,
        w.Delivered,
        w.Failed,
        w.LastStatus,
        w.LastAttemptAt,
        w.CreatedAt,
        w.UpdatedAt);

    private static async Task<IResult> ListAsync(GatewayStore store, ClusterStateCache state, CancellationToken cancellationToken)
    {
        var webhooks = await store.Store.ListWebhooksAsync(cancellationToken).ConfigureAwait(false);
        return Results.Ok(webhooks.Select(w => View(w, state.Current)).ToList());
    }

    private static async Task<IResult> GetAsync(Guid id, GatewayStore store, ClusterStateCache state, CancellationToken cancellationToken) =>
        await store.Store.GetWebhookAsync(id, cancellationToken).ConfigureAwait(false) is { } webhook
            ? Results.Ok(View(webhook, state.Current))
            : ApiProblems.NotFound($"There is no webhook {id}.");

    private static async Task<IResult> CreateAsync(HttpContext context, GatewayStore store, ClusterStateCache state, GatewayOptions options, IOptions<JsonOptions> json)
    {
        var (input, problem) = await ApiJson.ReadAsync<WebhookInput>(context, options.Limits.MaxBodyBytes, json.Value.SerializerOptions).ConfigureAwait(false);
        if (input is null)
        {
            return problem!;
        }

        var errors = new FieldErrors();
        if (Definition(input, state.Current, errors) is not { } definition)
        {
            return ApiProblems.Validation(errors, "The webhook is invalid.");
        }

        try
        {
            var webhook = await store.Store.AddWebhookAsync(definition, context.RequestAborted).ConfigureAwait(false);
            return Results.Created($"/api/webhooks/{webhook.Id}", View(webhook, state.Current));
        }
        catch (ClusterException e)
        {
            return ApiProblems.FromCluster(e, "url");
        }
    }

    private static async Task<IResult> UpdateAsync(Guid id, HttpContext context, GatewayStore store, ClusterStateCache state, GatewayOptions options, IOptions<JsonOptions> json)
    {
        var (input, problem) = await ApiJson.ReadAsync<WebhookInput>(context, options.Limits.MaxBodyBytes, json.Value.SerializerOptions).ConfigureAwait(false);
        if (input is null)
        {
            return problem!;
        }

        var errors = new FieldErrors();
        if (Definition(input, state.Current, errors) is not { } definition)
        {
            return ApiProblems.Validation(errors, "The webhook is invalid.");
        }

        try
        {
            var webhook = await store.Store.UpdateWebhookAsync(id, definition, context.RequestAborted).ConfigureAwait(false);
            return Results.Ok(View(webhook, state.Current));
        }
        catch (ClusterException e)
        {
            return ApiProblems.FromCluster(e, "url");
        }
    }

    private static async Task<IResult> DeleteAsync(Guid id, GatewayStore store, CancellationToken cancellationToken) =>
        await store.Store.DeleteWebhookAsync(id, cancellationToken).ConfigureAwait(false)
            ? Results.NoContent()
            : ApiProblems.NotFound($"There is no webhook {id}.");

    private static WebhookDefinition? Definition(WebhookInput input, ClusterState state, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            errors.Add("name", "is required");
        }
        else if (input.Name.Length > 100 || input.Name.Any(char.IsControl))
        {
            errors.Add("name", "must be 1-100 characters without control characters");
        }

        if (string.IsNullOrWhiteSpace(input.Url) || input.Url.Length > 2000 || !Uri.TryCreate(input.Url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add("url", "must be an absolute http or https URL of at most 2000 characters");
        }
        else if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            // Never echo the URL here: its user information may be a password.
            errors.Add("url", "must not carry a user name or password; set a signing secret instead");
        }

        if (input.SiteId is { } site && state.Sites.All(s => s.Id != site))
        {
            errors.Add("site_id", $"there is no site {site}");
        }

        var kinds = input.EventKinds ?? [];
        if (kinds.Count > 20)
        {
            errors.Add("event_kinds", "at most 20 kinds");
        }

        for (var i = 0; i < kinds.Count; i++)
        {
            if (!EventKinds.Contains(kinds[i], StringComparer.Ordinal))
            {
                errors.Add($"event_kinds[{i}]", $"must be one of {string.Join(", ", EventKinds)}");
            }
        }

        if (input.Secret is { } secret && (secret.Length is < 8 or > 200 || secret.Any(char.IsControl)))
        {
            errors.Add("secret", "must be 8-200 characters without control characters");
        }

        return errors.Any
            ? null
            : new WebhookDefinition { Name = input.Name!.Trim(), Url = input.Url!.Trim(), SiteId = input.SiteId, EventKinds = [.. kinds.Distinct(StringComparer.Ordinal)], Secret = input.Secret };
    }
}
