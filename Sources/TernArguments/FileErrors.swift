import Foundation

/// Foundation's file errors in the one line `tern` and `bench` give every
/// failure, instead of their multi-line dumps ("Error Domain=NSCocoaErrorDomain
/// Code=512 ... UserInfo={...}").
public enum FileErrors {
    /// "cannot write PATH: No space left on device" (or read) for a
    /// Foundation file error that names its path; nil for any other error.
    public static func oneLine(_ error: Error) -> String? {
        let ns = error as NSError
        guard ns.domain == NSCocoaErrorDomain, let path = ns.userInfo[NSFilePathErrorKey] as? String else { return nil }
        let reading = (256..<512).contains(ns.code)   // CocoaError's fileRead... codes; fileWrite... from 512
        return "cannot \(reading ? "read" : "write") \(path): \(systemReason(error))"
    }

    /// The operating system's reason behind a Foundation file error ("Not a
    /// directory", "No space left on device"), else the error's own description.
    public static func systemReason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? any Error {
            let posix = underlying as NSError
            if posix.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(posix.code))) }
        }
        return ns.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32(ns.code))) : "\(error)"
    }
}
