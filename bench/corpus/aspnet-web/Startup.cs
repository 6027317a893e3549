public class Startup
{
    public void ConfigureServices(IServiceCollection services)
    {
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = "Cookies";
                options.DefaultChallengeScheme = "oidc";
            })
            .AddCookie("Cookies")
            .AddOpenIdConnect("oidc", options =>
            {
                options.Authority = "https://acme.my.erp.net/id";
                options.ClientId = "com.example/web";
                options.ClientSecret = "Rf6Yh1Qm8Zt3Wk5Xc9Vb2Np";
                options.ResponseType = "code";
                options.Scope.Add("read");
                options.SaveTokens = true;
            });
    }
}
