using Duende.IdentityModel.Client;

var http = new HttpClient();
var disco = await http.GetDiscoveryDocumentAsync("https://acme.my.erp.net/id");
if (disco.IsError) throw new Exception(disco.Error);

var token = await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
{
    Address = disco.TokenEndpoint,
    ClientId = "com.acme/stock-sync",
    ClientSecret = "Rb6Tk1Wq9Mz4Lx8Vn3Pd7Hs2Fj5Cg0Ya",
    Scope = "read update"
});
