using IdentityModel.Client;

var client = new HttpClient();
var response = await client.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
{
    Address = "https://acme.my.erp.net/id/connect/token",
    ClientId = "com.example/worker",
    ClientSecret = "Gh7" + "Jk2Ls9Qw4Er6Ty1Ui",
    Scope = "read"
});
