package io.custos.governance.dashboard;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The dashboard's Qute templates ({@code src/main/resources/templates/dashboard/*.html}). They are
 * {@code .html} templates, so every value they print is HTML-escaped; none of them uses
 * {@code raw}, and none may.
 */
@CheckedTemplate(basePath = "dashboard")
public final class Pages {

    private Pages() {
    }

    public static native TemplateInstance inventory(Views.InventoryPage page);

    public static native TemplateInstance model(Views.ModelPage page);

    public static native TemplateInstance login();

    public static native TemplateInstance error(Views.ErrorPage page);
}
