namespace Naswot; internal static class Placeholder {}
