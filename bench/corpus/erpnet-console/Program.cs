// A console app signs a user in through the instance, as ERP.net's own samples do.
const string TokenUri = "https://acme.my.erp.net/id/connect/token";
const string CallbackUri = "http://127.0.0.1:7890/signin-callback/";
const string TrustedAppUri = "com.example/web";
const string TrustedAppSecret = "6AcXATXzHd71IphSRhFm4RClqp";

var tokenUriBody =
    $"client_id={TrustedAppUri}&" +
    $"client_secret={TrustedAppSecret}&" +
    "grant_type=authorization_code&" +
    $"code={authCode}&" +
    $"redirect_uri={CallbackUri}";
