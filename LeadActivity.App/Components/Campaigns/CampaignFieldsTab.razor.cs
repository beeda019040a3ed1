using LeadActivity.Domain.Campaigns;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace LeadActivity.App.Components.Campaigns;

/// <summary>The campaign's custom fields: a list, and an editor to add or change one; removal asks first.</summary>
public sealed partial class CampaignFieldsTab(CampaignFieldService fieldService, ISnackbar snackbar, IDialogService dialogs)
{
    [Parameter, EditorRequired] public int CampaignId { get; set; }
    [Parameter, EditorRequired] public IReadOnlyList<CustomFieldDefinition> Fields { get; set; } = [];

    /// <summary>Called after a change is saved, so the page reloads the campaign.</summary>
    [Parameter] public EventCallback OnChanged { get; set; }

    private FieldEditor? editor;
    private IReadOnlyDictionary<string, string> errors = new Dictionary<string, string>();
    private bool saving;

    private bool Has(string input) => errors.ContainsKey(input);

    private string? Error(string input) => errors.GetValueOrDefault(input);

    private void StartAdding()
    {
        editor = new FieldEditor { IsNew = true };
        errors = new Dictionary<string, string>();
    }

    private void StartEditing(CustomFieldDefinition field)
    {
        editor = new FieldEditor
        {
            Key = field.Key, Label = field.Label, Type = field.Type, Required = field.Required,
            Options = string.Join('\n', field.Options ?? []),
        };
        errors = new Dictionary<string, string>();
    }

    private async Task SaveAsync()
    {
        if (editor is null)
            return;
        saving = true;
        try
        {
            var field = editor.ToDefinition();
            var result = editor.IsNew
                ? await fieldService.AddFieldAsync(CampaignId, field)
                : await fieldService.UpdateFieldAsync(CampaignId, field);
            errors = result.Errors;
            if (result.Succeeded)
            {
                snackbar.Add(editor.IsNew ? $"Field “{field.Label.Trim()}” added" : $"Field “{field.Label.Trim()}” saved", Severity.Success);
                editor = null;
                await OnChanged.InvokeAsync();
            }
            else if (result.Errors.Count == 0)
            {
                snackbar.Add(result.Error ?? "The change was not saved", Severity.Error);
            }
        }
        finally
        {
            saving = false;
        }
    }

    private async Task RemoveAsync(CustomFieldDefinition field)
    {
        var count = await fieldService.CountValuesAsync(CampaignId, field.Key);
        var consequence = count switch
        {
            0 => "No lead holds a value for it.",
            1 => "1 lead holds a value for it: the value is removed with the field.",
            _ => $"{count:N0} leads hold a value for it: the values are removed with the field.",
        };
        var confirmed = await dialogs.ShowMessageBoxAsync($"Remove the field “{field.Label}”?", consequence, yesText: "Remove", cancelText: "Keep it");
        if (confirmed != true)
            return;

        var result = await fieldService.RemoveFieldAsync(CampaignId, field.Key);
        if (result.Succeeded)
        {
            snackbar.Add($"Field “{field.Label}” removed", Severity.Success);
            if (editor?.Key == field.Key)
                editor = null;
            await OnChanged.InvokeAsync();
        }
        else
        {
            snackbar.Add(result.Error ?? "The change was not saved", Severity.Error);
        }
    }

    private sealed class FieldEditor
    {
        public bool IsNew { get; init; }
        public string? Key { get; set; }
        public string? Label { get; set; }
        public CustomFieldType Type { get; set; }
        public bool Required { get; set; }
        public string? Options { get; set; }

        public CustomFieldDefinition ToDefinition() => new(Key ?? "", Label ?? "", Type, Required,
            Type == CustomFieldType.Choice ? (Options ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : null);
    }
}
